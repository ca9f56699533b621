import Foundation

/// Rows of named fields as CSV (RFC 4180, header first) or as JSON lines.
enum ExportWriter {
    /// The header row, then one line per record. The header is given rather than taken from the
    /// first record, so that an export with no rows is still a CSV file with its columns: an
    /// empty file would break a spreadsheet import or a script that reads the header, and could
    /// not be told apart from a failed export.
    static func csv(_ records: [[(String, ExportValue)]], columns: [String]) -> String {
        assert(records.allSatisfy { $0.map(\.0) == columns }, "every record has the header's columns, in its order")
        var lines = [columns.map { csvField(.text($0)) }.joined(separator: ",")]
        for record in records { lines.append(record.map { csvField($0.1) }.joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func jsonl(_ records: [[(String, ExportValue)]]) -> String {
        records.map { record in
            "{" + record.map { "\(jsonString($0.0)):\(jsonValue($0.1))" }.joined(separator: ",") + "}\n"
        }.joined()
    }

    private static func csvField(_ value: ExportValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let n): return String(n)
        case .real(let x): return String(x)
        case .text(let s):
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    private static func jsonValue(_ value: ExportValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let n): String(n)
        case .real(let x): String(x)
        case .text(let s): jsonString(s)
        }
    }

    private static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
