import GRDB

/// What can go wrong in the case store, worded for the operator who runs the command.
/// Messages name files, users, roles and internal case numbers, never a patient ID or name:
/// they end up in terminal scrollback and logs.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The acting user's role does not allow the action.
    case refused(user: String, role: Role?, action: String)
    /// A case, suggestion, review or user the caller named does not exist.
    case notFound(String)
    /// The caller passed values the store cannot accept.
    case invalid(String)
    /// SQLite failed; the message is SQLite's.
    case database(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "\(path): cannot open the case store (\(reason))"
        case let .refused(user, role?, action): "refused: \(user) is a \(role.rawValue), and a \(role.rawValue) may not \(action)"
        case let .refused(user, nil, action):
            "refused: \(user) has no role in this store and may not \(action) (an admin can run `lightbox users add \(user) ROLE`)"
        case let .notFound(what): "\(what) not found"
        case let .invalid(reason): reason
        case let .database(message): "database error: \(message)"
        }
    }

    /// Wraps any error thrown inside a database access.
    static func wrap(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError { return .database(error.message ?? error.description) }
        return .database("\(error)")
    }
}
