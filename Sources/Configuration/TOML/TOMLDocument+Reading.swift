/// Typed access for the code that interprets a document, with messages that name the key, its line and
/// what was expected instead ("config.toml:3: privacy must be true or false, not a string").
extension TOMLDocument {
    func error(_ entry: TOMLTable.Entry, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: entry.line, message: message)
    }

    func string(_ entry: TOMLTable.Entry) throws(ConfigurationError) -> String {
        guard case let .string(text) = entry.value else { throw typeError(entry, expected: "a string") }
        return text
    }

    func boolean(_ entry: TOMLTable.Entry) throws(ConfigurationError) -> Bool {
        guard case let .boolean(flag) = entry.value else { throw typeError(entry, expected: "true or false") }
        return flag
    }

    /// Integers are accepted where a number is expected: `opacity = 1` means 1.0 to anyone writing it.
    func number(_ entry: TOMLTable.Entry) throws(ConfigurationError) -> Double {
        switch entry.value {
        case let .float(value): return value
        case let .integer(value): return Double(value)
        default: throw typeError(entry, expected: "a number")
        }
    }

    /// `header` is how the table's header would be written, for the message.
    func table(_ entry: TOMLTable.Entry, header: String) throws(ConfigurationError) -> TOMLTable {
        guard case let .table(table) = entry.value else {
            throw error(entry, "\(entry.key) must be a table ([\(header)] header), not \(entry.value.typeDescription)")
        }
        return table
    }

    /// One string or a list of strings, as in `accept = "a"` and `next_slice = ["j", "Down"]`.
    func strings(_ entry: TOMLTable.Entry) throws(ConfigurationError) -> [String] {
        switch entry.value {
        case let .string(text): return [text]
        case let .array(elements):
            var texts: [String] = []
            for element in elements {
                guard case let .string(text) = element else {
                    throw error(entry, "\(entry.key) must list strings, but it contains \(element.typeDescription)")
                }
                texts.append(text)
            }
            return texts
        default: throw typeError(entry, expected: "a string or a list of strings")
        }
    }

    /// Throws for the first key of `table` that is not in `known`, listing the known ones: a misspelt setting
    /// must not be ignored silently.
    func checkKeys(of table: TOMLTable, known: [String], in context: String) throws(ConfigurationError) {
        if let unknown = table.entries.first(where: { !known.contains($0.key) }) {
            throw error(unknown, "unknown key \"\(unknown.key)\"\(context); expected one of: \(known.joined(separator: ", "))")
        }
    }

    private func typeError(_ entry: TOMLTable.Entry, expected: String) -> ConfigurationError {
        error(entry, "\(entry.key) must be \(expected), not \(entry.value.typeDescription)")
    }
}
