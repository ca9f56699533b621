/// Reads the TOML subset described on `TOMLDocument`, one scalar at a time, counting lines for messages.
struct TOMLParser {
    let file: String
    let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var root = TOMLTable()
    /// The table that `key = value` lines go into: the path of the last header.
    private var currentPath: [String] = []
    /// Tables named by a header, with that header's line: naming one twice is an error, but a table created
    /// implicitly by `[a.b]` may still get its own `[a]` header later, as TOML allows.
    private var headerLines: [[String]: Int] = [:]

    init(file: String, scalars: [Unicode.Scalar]) {
        self.file = file
        self.scalars = scalars
    }

    mutating func parseDocument() throws(ConfigurationError) -> TOMLTable {
        while position < scalars.count {
            skipBlanks()
            switch peek() {
            case "[": try parseHeader()
            case nil, "#", "\n", "\r": break
            default: try parseKeyValue()
            }
            try finishLine()
        }
        return root
    }

    // MARK: Lines

    private mutating func parseHeader() throws(ConfigurationError) {
        position += 1
        if peek() == "[" { throw error("arrays of tables ([[...]]) are not supported") }
        var path: [String] = []
        while true {
            skipBlanks()
            path.append(try parseKey(expected: "expected a table name after '['"))
            skipBlanks()
            if peek() == "." {
                position += 1
            } else if peek() == "]" {
                position += 1
                break
            } else {
                throw error("expected ']' to close the table header")
            }
        }
        if let first = headerLines[path] {
            throw error("table [\(path.joined(separator: "."))] is defined twice (first on line \(first))")
        }
        headerLines[path] = line
        try root.defineTable(at: path[...], line: line, parser: self)
        currentPath = path
    }

    private mutating func parseKeyValue() throws(ConfigurationError) {
        let key = try parseKey(expected: "expected a key")
        let keyLine = line
        skipBlanks()
        if peek() == "." { throw error("dotted keys are not supported; put \"\(key)\" under a [table] header") }
        guard peek() == "=" else { throw error("expected '=' after the key \"\(key)\"") }
        position += 1
        skipBlanks()
        let value = try parseValue(after: "'='")
        try root.insert(TOMLTable.Entry(key: key, value: value, line: keyLine), at: currentPath[...], parser: self)
    }

    /// After a header or a value only a comment may follow on the line.
    private mutating func finishLine() throws(ConfigurationError) {
        skipBlanks()
        if peek() == "#" { try skipComment() }
        switch peek() {
        case nil: return
        case "\n": break
        case "\r" where peek(1) == "\n": position += 1
        case let scalar?: throw error("unexpected \(Self.quoted(scalar)) where the line should end")
        }
        position += 1
        line += 1
    }

    // MARK: Keys

    private mutating func parseKey(expected message: String) throws(ConfigurationError) -> String {
        switch peek() {
        case "\"": return try parseBasicString()
        case "'": return try parseLiteralString()
        default:
            let start = position
            while let scalar = peek(), Self.isBareKeyScalar(scalar) { position += 1 }
            guard position > start else { throw error(message) }
            return String(String.UnicodeScalarView(scalars[start..<position]))
        }
    }

    private static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
    }

    // MARK: Values

    /// `context` names what the value follows, for the message when it is missing.
    private mutating func parseValue(after context: String) throws(ConfigurationError) -> TOMLValue {
        switch peek() {
        case nil, "\n", "\r", "#":
            throw error("expected a value after \(context)")
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw error("multi-line strings (\"\"\") are not supported") }
            return .string(try parseBasicString())
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw error("multi-line strings (''') are not supported") }
            return .string(try parseLiteralString())
        case "[":
            return try parseArray()
        case "{":
            throw error("inline tables ({...}) are not supported; use a [table] header")
        default:
            return try parseBareValue()
        }
    }

    private mutating func parseArray() throws(ConfigurationError) -> TOMLValue {
        let openingLine = line
        position += 1
        var elements: [TOMLValue] = []
        while true {
            try skipArraySpace(openedOn: openingLine)
            if peek() == "]" { break }
            elements.append(try parseValue(after: elements.isEmpty ? "'['" : "','"))
            try skipArraySpace(openedOn: openingLine)
            if peek() == "," {
                position += 1
            } else if peek() == "]" {
                break
            } else {
                throw error("expected ',' or ']' in the list")
            }
        }
        position += 1
        return .array(elements)
    }

    /// Inside brackets, line breaks and comments are white space.
    private mutating func skipArraySpace(openedOn openingLine: Int) throws(ConfigurationError) {
        while true {
            skipBlanks()
            switch peek() {
            case "#": try skipComment()
            case "\n":
                position += 1
                line += 1
            case "\r" where peek(1) == "\n":
                position += 2
                line += 1
            case nil: throw error("the list opened on line \(openingLine) is never closed with ']'")
            default: return
            }
        }
    }

    /// Booleans and numbers, which TOML writes without quotes.
    private mutating func parseBareValue() throws(ConfigurationError) -> TOMLValue {
        let start = position
        while let scalar = peek(), scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            || "+-._:".unicodeScalars.contains(scalar) {
            position += 1
        }
        let token = String(String.UnicodeScalarView(scalars[start..<position]))
        if token.isEmpty, let scalar = peek() { throw error("unexpected \(Self.quoted(scalar)) where a value should be") }
        if token == "true" { return .boolean(true) }
        if token == "false" { return .boolean(false) }
        if let number = try number(token) { return number }
        if token.first!.isLetter {
            throw error("expected a value, found \(token) (text needs quotes: \"\(token)\")")
        }
        throw error("invalid number \(token)")
    }

    /// Decimal integers and floats with TOML's rules (underscores only between digits, no leading zeros);
    /// nil when `token` is not a number. Constructs outside the subset throw rather than return nil.
    private func number(_ token: String) throws(ConfigurationError) -> TOMLValue? {
        var unsigned = Substring(token)
        if let sign = unsigned.first, sign == "+" || sign == "-" { unsigned = unsigned.dropFirst() }
        if unsigned == "inf" || unsigned == "nan" { throw error("inf and nan are not supported") }
        if unsigned.hasPrefix("0x") || unsigned.hasPrefix("0o") || unsigned.hasPrefix("0b") {
            throw error("only decimal numbers are supported, found \(token)")
        }
        if token.contains(":") || token.wholeMatch(of: /\d{4}-\d{2}-\d{2}.*/) != nil {
            throw error("dates and times are not supported, found \(token)")
        }
        if token.wholeMatch(of: /[+-]?(?:0|[1-9](?:_?\d)*)/) != nil {
            guard let value = Int(token.filter { $0 != "_" }) else { throw error("the integer \(token) is too large") }
            return .integer(value)
        }
        let float = /[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|[eE][+-]?\d(?:_?\d)*)/
        if token.wholeMatch(of: float) != nil, let value = Double(token.filter { $0 != "_" }) {
            guard value.isFinite else { throw error("the number \(token) is too large") }
            return .float(value)
        }
        return nil
    }

    // MARK: Strings

    private mutating func parseBasicString() throws(ConfigurationError) -> String {
        position += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else { throw error("the string is not closed with '\"'") }
            position += 1
            switch scalar {
            case "\"": return String(text)
            case "\\": text.append(try parseEscape())
            default:
                try checkNotControl(scalar)
                text.append(scalar)
            }
        }
    }

    private mutating func parseEscape() throws(ConfigurationError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw error("the string is not closed with '\"'") }
        position += 1
        switch scalar {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{8}"
        case "f": return "\u{C}"
        case "u": return try parseUnicodeEscape(digits: 4)
        case "U": return try parseUnicodeEscape(digits: 8)
        default: throw error("unknown escape \\\(scalar) in a string (write \\\\ for a backslash)")
        }
    }

    private mutating func parseUnicodeEscape(digits: Int) throws(ConfigurationError) -> Unicode.Scalar {
        let hex = scalars[position...].prefix(digits).prefix(while: \.properties.isASCIIHexDigit)
        let escape = (digits == 4 ? "\\u" : "\\U") + String(String.UnicodeScalarView(hex))
        guard hex.count == digits, let value = UInt32(String(String.UnicodeScalarView(hex)), radix: 16) else {
            throw error("\(escape) needs \(digits) hexadecimal digits")
        }
        guard let scalar = Unicode.Scalar(value) else { throw error("\(escape) is not a Unicode character") }
        position += digits
        return scalar
    }

    private mutating func parseLiteralString() throws(ConfigurationError) -> String {
        position += 1
        let start = position
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else { throw error("the string is not closed with \"'\"") }
            if scalar == "'" { break }
            try checkNotControl(scalar)
            position += 1
        }
        position += 1
        return String(String.UnicodeScalarView(scalars[start..<position - 1]))
    }

    /// Control characters other than tab would be invisible in the file; TOML requires escapes for them.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || scalar.value == 0x7F)
    }

    /// "U+0001".
    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private func checkNotControl(_ scalar: Unicode.Scalar) throws(ConfigurationError) {
        if Self.isControl(scalar) { throw error("control character \(Self.codePoint(scalar)) in a string; write it as an escape") }
    }

    // MARK: Scanning

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func skipBlanks() {
        while peek() == " " || peek() == "\t" { position += 1 }
    }

    /// Up to the end of the line, which is left for the caller.
    private mutating func skipComment() throws(ConfigurationError) {
        while let scalar = peek(), scalar != "\n", !(scalar == "\r" && peek(1) == "\n") {
            if Self.isControl(scalar) { throw error("control character \(Self.codePoint(scalar)) in a comment") }
            position += 1
        }
    }

    func error(_ message: String, line: Int? = nil) -> ConfigurationError {
        ConfigurationError(file: file, line: line ?? self.line, message: message)
    }

    private static func quoted(_ scalar: Unicode.Scalar) -> String {
        scalar == "'" ? "\"'\"" : "'\(scalar.escaped(asASCII: false))'"
    }
}

extension TOMLTable {
    /// Creates the tables along `path` that do not exist yet; fails if a key on the way holds a value.
    fileprivate mutating func defineTable(at path: ArraySlice<String>, line: Int, parser: TOMLParser)
        throws(ConfigurationError) {
        guard let key = path.first else { return }
        if let index = entries.firstIndex(where: { $0.key == key }) {
            guard case var .table(table) = entries[index].value else {
                throw parser.error("\"\(key)\" already has a value (line \(entries[index].line)), so it cannot be a table")
            }
            try table.defineTable(at: path.dropFirst(), line: line, parser: parser)
            entries[index].value = .table(table)
        } else {
            var table = TOMLTable()
            try table.defineTable(at: path.dropFirst(), line: line, parser: parser)
            entries.append(Entry(key: key, value: .table(table), line: line))
        }
    }

    /// Adds `entry` to the (existing) table at `path`.
    fileprivate mutating func insert(_ entry: Entry, at path: ArraySlice<String>, parser: TOMLParser)
        throws(ConfigurationError) {
        guard let key = path.first else {
            if let existing = self[entry.key] {
                throw parser.error("duplicate key \"\(entry.key)\" (first on line \(existing.line))", line: entry.line)
            }
            entries.append(entry)
            return
        }
        let index = entries.firstIndex { $0.key == key }!
        guard case var .table(table) = entries[index].value else { preconditionFailure("headers define tables") }
        try table.insert(entry, at: path.dropFirst(), parser: parser)
        entries[index].value = .table(table)
    }
}
