import Foundation
import GRDB

/// One row of the audit log.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var objectType: String
    public var objectID: String
    /// A JSON object with sorted keys.
    public var details: String
    public var hash: String

    /// The exact text that is hashed: every field but the hash, separated by the ASCII unit
    /// separator, which cannot occur in the JSON or in the names.
    var canonicalText: String {
        [String(id), at, actor, action, objectType, objectID, details].joined(separator: "\u{1F}")
    }

    /// `SHA-256(previous hash + canonical text)`: editing, deleting or inserting an entry
    /// changes the hash of every later one.
    func expectedHash(previous: String) -> String { SHA256.hex(previous + canonicalText) }

    init(row: Row) {
        id = row["id"]; at = row["at"]; actor = row["actor"]; action = row["action"]
        objectType = row["object_type"]; objectID = row["object_id"]; details = row["details_json"]; hash = row["hash"]
    }

    init(id: Int64, at: String, actor: String, action: String, objectType: String, objectID: String, details: String) {
        self.id = id; self.at = at; self.actor = actor; self.action = action
        self.objectType = objectType; self.objectID = objectID; self.details = details; self.hash = ""
    }
}

/// Appends to and checks the hash chain. Appending happens inside the caller's transaction, so
/// a change and its audit entry are committed together or not at all.
enum AuditLog {
    /// The hash before the first entry.
    static let genesis = String(repeating: "0", count: 64)

    static func append(_ db: Database, store: CaseStore, action: String, objectType: String, objectID: String,
                       details: [String: String] = [:]) throws {
        let previous = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        let id: Int64 = (previous?["id"] ?? 0) + 1
        var entry = AuditEntry(id: id, at: store.now, actor: store.actor, action: action, objectType: objectType,
                               objectID: objectID, details: canonicalJSON(details))
        entry.hash = entry.expectedHash(previous: previous?["hash"] ?? genesis)
        try db.execute(sql: """
            INSERT INTO audit_log (id, at, actor, action, object_type, object_id, details_json, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.id, entry.at, entry.actor, entry.action, entry.objectType, entry.objectID,
                             entry.details, entry.hash])
    }

    static func canonicalJSON(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(details)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// The outcome of recomputing the chain.
public struct AuditVerification: Sendable, Equatable {
    /// Entries checked.
    public var count: Int
    /// The first entry whose stored hash does not match, or nil when the chain is intact.
    public var firstBroken: AuditEntry?
    public var isIntact: Bool { firstBroken == nil }
}

extension CaseStore {
    /// Recomputes every hash from the first entry on; reading needs no role.
    public func verifyAudit() throws(StoreError) -> AuditVerification {
        try read { db in
            var previous = AuditLog.genesis
            var count = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY id")
            while let row = try rows.next() {
                let entry = AuditEntry(row: row)
                count += 1
                if entry.hash != entry.expectedHash(previous: previous) {
                    return AuditVerification(count: count, firstBroken: entry)
                }
                previous = entry.hash
            }
            return AuditVerification(count: count, firstBroken: nil)
        }
    }

    /// The audit log, oldest first.
    public func auditEntries() throws(StoreError) -> [AuditEntry] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id").map(AuditEntry.init(row:)) }
    }
}
