/// One line of feedback in the status row: what was saved, what was refused, what went wrong.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Sendable {
        case info, success, error
    }

    public var text: String
    public var kind: Kind

    public static func info(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .info) }
    public static func success(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .success) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .error) }
}
