/// One piece of input that was left out, and why: a file, and a line when the file has lines.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file; self.line = line; self.reason = reason
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}

/// What an import did, for the closing summary.
public struct ImportSummary: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var series = 0
        public var reports = 0
        public var suggestions = 0
    }

    public var imported = Counts()
    /// Already in the store: counted and left alone, so importing again changes nothing.
    public var duplicates = Counts()
    public var skipped: [ImportProblem] = []
}

/// Where the import is, for a progress bar or plain lines.
public struct ImportProgress: Sendable, Equatable {
    public var phase: String
    public var done: Int
    public var total: Int
}
