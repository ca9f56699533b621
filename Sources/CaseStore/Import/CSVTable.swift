import Foundation

/// A CSV file (RFC 4180: quoted fields may hold commas, quotes and newlines, as report text does)
/// as rows of named fields, each with the line it starts on for error messages.
struct CSVTable {
    struct Record {
        var line: Int
        var fields: [String: String]
    }

    let records: [Record]

    init(text: String) {
        var rows: [(line: Int, fields: [String])] = []
        var field = "", fields: [String] = []
        var quoted = false, line = 1, rowStart = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                fields.append(field); field = ""
                rows.append((rowStart, fields)); fields = []
                line += 1; rowStart = line
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); rows.append((rowStart, fields)) }
        guard let header = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            records = []
            return
        }
        records = rows.dropFirst().filter { $0.fields != [""] }.map { row in
            var named: [String: String] = [:]
            for (name, value) in zip(header, row.fields) { named[name] = value }
            return Record(line: row.line, fields: named)
        }
    }
}
