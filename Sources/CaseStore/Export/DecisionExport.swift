import Foundation
import GRDB

public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, jsonl
}

public struct ExportOptions: Sendable {
    public var format: ExportFormat
    /// Only decisions made on or after this day (YYYY-MM-DD, UTC).
    public var since: String?
    public var deidentify: Bool
    /// Where the text goes (a path or "stdout"), for the audit entry.
    public var destination: String

    public init(format: ExportFormat, since: String? = nil, deidentify: Bool = false, destination: String = "stdout") {
        self.format = format; self.since = since; self.deidentify = deidentify; self.destination = destination
    }
}

public struct ExportResult: Sendable {
    public var text: String
    public var rowCount: Int
}

extension CaseStore {
    /// One row per decision, the AI's suggestion beside the human's answer; trainer or admin.
    /// The rows are read and the export audited in the same transaction, so the audit entry
    /// counts exactly the rows that left the store.
    public func exportDecisions(_ options: ExportOptions) throws(StoreError) -> ExportResult {
        if let since = options.since, CivilDay.number(since) == nil || since.count != 10 {
            throw .invalid("--since must be a date as YYYY-MM-DD, not \(since)")
        }
        return try write { db in
            _ = try authorize(db, .export)
            let pseudonyms = options.deidentify ? try Pseudonymizer(db, store: self) : nil
            let rows = try Row.fetchAll(db, sql: DecisionRow.query, arguments: [options.since ?? ""])
            let records = rows.map { DecisionRow(row: $0).fields(pseudonyms: pseudonyms) }
            try AuditLog.append(db, store: self, action: "export", objectType: "decisions", objectID: options.format.rawValue,
                                details: ["rows": String(records.count), "since": options.since ?? "",
                                          "deidentified": String(options.deidentify), "destination": options.destination])
            let text = switch options.format {
            case .csv: ExportWriter.csv(records, columns: DecisionRow.columns(pseudonyms: pseudonyms))
            case .jsonl: ExportWriter.jsonl(records)
            }
            return ExportResult(text: text, rowCount: records.count)
        }
    }
}
