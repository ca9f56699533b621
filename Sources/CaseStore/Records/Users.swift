import GRDB

/// A person and what they may do.
public struct User: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var createdAt: String
}

extension CaseStore {
    /// The acting user's role, checked against `permission` inside the write transaction that
    /// needs it. On an empty store the first user to act becomes admin (audited and announced),
    /// so a fresh install needs no set-up step and cannot be taken over later.
    func authorize(_ db: Database, _ permission: Permission) throws -> Role {
        var role = try String.fetchOne(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [actor])
            .flatMap(Role.init(rawValue:))
        if role == nil, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") == 0 {
            try db.execute(sql: "INSERT INTO users (name, role, created_at) VALUES (?, 'admin', ?)", arguments: [actor, now])
            try AuditLog.append(db, store: self, action: "user.bootstrap", objectType: "user", objectID: actor,
                                details: ["role": Role.admin.rawValue])
            notice("\(actor) is the first user of this store and is now its admin")
            role = .admin
        }
        guard let role, role.allows(permission) else {
            throw StoreError.refused(user: actor, role: role, action: permission.rawValue)
        }
        return role
    }

    /// Gives `name` a role (new user or changed role); admin only.
    @discardableResult
    public func setRole(_ role: Role, for name: String) throws(StoreError) -> User {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalid("a user name cannot be empty") }
        return try write { db in
            _ = try authorize(db, .manageUsers)
            let old = try String.fetchOne(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [trimmed])
            if old == Role.admin.rawValue, role != .admin,
               try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin'") == 1 {
                throw StoreError.invalid("\(trimmed) is the only admin; make someone else admin first")
            }
            try db.execute(sql: """
                INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET role = excluded.role
                """, arguments: [trimmed, role.rawValue, now])
            try AuditLog.append(db, store: self, action: old == nil ? "user.create" : "user.change", objectType: "user",
                                objectID: trimmed, details: ["role": role.rawValue, "previous": old ?? ""])
            return try fetchUser(db, trimmed)!
        }
    }

    public func users() throws(StoreError) -> [User] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(User.init(row:))
        }
    }

    private func fetchUser(_ db: Database, _ name: String) throws -> User? {
        try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(User.init(row:))
    }
}

extension User {
    init(row: Row) {
        name = row["name"]
        role = Role(rawValue: row["role"]) ?? .viewer
        createdAt = row["created_at"]
    }
}
