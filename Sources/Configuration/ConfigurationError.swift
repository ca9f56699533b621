/// Why a settings or theme file could not be used, worded like a compiler message (`config.toml:7: expected
/// a value after '='`) so that the person editing the file can jump straight to the line. Every problem in
/// these files is an error rather than a warning: a silently ignored misspelt key would leave a doctor
/// wondering why the setting has no effect.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the caller named it (a path, or "dark.toml (built in)"); nil when no file is at fault,
    /// as for a theme name that matches no theme.
    public var file: String?
    /// The 1-based line the problem is on; nil when it concerns the whole file (unreadable, unknown theme).
    public var line: Int?
    /// What is wrong, without the file and line.
    public var message: String

    public init(file: String?, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file):\(line): \(message)"
        case let (file?, nil): "\(file): \(message)"
        case (nil, _): message
        }
    }
}
