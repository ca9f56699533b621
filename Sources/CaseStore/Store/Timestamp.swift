import Foundation

/// Times are stored as ISO 8601 UTC text with milliseconds: sortable as text, readable in
/// `sqlite3`, and the same bytes in the audit hash on every machine.
enum Timestamp {
    static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
