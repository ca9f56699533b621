import Foundation

/// A TOML file read into tables, with the line of every key kept so that the code interpreting the values
/// can point at the line of a wrong one.
///
/// This is our own reader for the subset Lightbox's settings and themes use, not a full TOML implementation:
/// comments, bare and quoted keys, `[table]` and `[dotted.table]` headers, single-line basic strings with
/// escapes, literal strings, decimal integers, floats, booleans and (multi-line) arrays of those. Everything
/// else — dotted keys, inline tables, arrays of tables, multi-line strings, dates, hexadecimal numbers — is
/// rejected with an error naming the construct, never skipped: a setting that is read differently from what
/// the user wrote is worse than one that is refused. Keeping the subset small avoids a dependency for two
/// short files.
public struct TOMLDocument: Equatable, Sendable {
    /// The file as the caller named it, for messages.
    public let file: String
    /// The top-level keys and tables.
    public let root: TOMLTable

    /// Parses `text`; `file` is only used in error messages.
    public init(text: String, file: String) throws(ConfigurationError) {
        self.file = file
        var parser = TOMLParser(file: file, scalars: Array(text.unicodeScalars))
        root = try parser.parseDocument()
    }

    /// Reads and parses the file at `path`, which must be UTF-8 (a leading byte-order mark is allowed).
    public init(contentsOfFile path: String) throws(ConfigurationError) {
        guard let text = try Self.readText(path: path) else {
            throw ConfigurationError(file: path, line: nil, message: "no such file")
        }
        try self.init(text: text, file: path)
    }

    /// The file's text, or nil when it does not exist (callers decide whether that is an error: a missing
    /// settings file means defaults, a missing theme file does not).
    ///
    /// The bytes are decoded strictly: an editor that saved Latin-1 would otherwise turn "Müller" into
    /// replacement characters without a word, so invalid UTF-8 is an error naming the first bad line.
    static func readText(path: String) throws(ConfigurationError) -> String? {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            var isFolder: ObjCBool = false
            let message = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
                ? "is a folder, not a file" : "cannot be read (\(error.localizedDescription))"
            throw ConfigurationError(file: path, line: nil, message: message)
        }
        var text = String.UnicodeScalarView()
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                if scalar == "\n" { line += 1 }
                text.append(scalar)
            case .emptyInput:
                break decoding
            case .error:
                throw ConfigurationError(file: path, line: line, message: "not valid UTF-8 text; save the file as UTF-8")
            }
        }
        if text.first == "\u{FEFF}" { text.removeFirst() }
        return String(text)
    }
}

/// A TOML table: keys in file order, each with the line it was written on.
public struct TOMLTable: Equatable, Sendable {
    /// One `key = value` (or, for a sub-table, the header that first named it).
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: TOMLValue
        /// 1-based line of the key.
        public var line: Int
    }

    /// The entries in the order the file gives them.
    public internal(set) var entries: [Entry] = []

    /// The entry for `key`, if the table has one.
    public subscript(key: String) -> Entry? {
        entries.first { $0.key == key }
    }
}

/// A value in a TOML file.
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// How messages name the value's type: "expected a string, found an integer".
    public var typeDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "true or false"
        case .array: "a list"
        case .table: "a table"
        }
    }
}
