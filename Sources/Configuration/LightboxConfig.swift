import TerminalGraphics

/// The user's settings from `config.toml`, as written: every field is nil unless the file sets it.
///
/// Nothing here applies defaults or decides precedence. The command line does, in one place: flag, then
/// environment, then this file, then the built-in default; keeping "not set" distinct from "set to the
/// default" is what lets it do so. Key bindings are kept as the raw names the user typed, because only the
/// review screens know their actions and only TerminalScreen parses key names; `keyLines` lets them report
/// a problem at the right line.
///
/// ```toml
/// theme = "dark"
/// colors = "256"
/// [keys]
/// accept = "a"
/// next_slice = ["j", "Down"]
/// ```
public struct LightboxConfig: Equatable, Sendable {
    /// The file the settings came from, for messages; nil for settings not read from a file.
    public var file: String?
    /// A theme name (see `Theme.load(nameOrPath:searchPaths:)`) or a path to a theme file; a relative path
    /// has been resolved against the settings file's folder.
    public var theme: String?
    /// `colors`; nil for "auto" (detect from the terminal) as for not set.
    public var colorMode: ColorMode?
    /// `cells`; nil for "auto" as for not set.
    public var cellGeometry: CellGeometry?
    /// `database`: the case store; a relative path has been resolved against the settings file's folder.
    public var database: String?
    /// `privacy`: hide patient names and IDs on screen (screen sharing, teaching).
    public var privacy: Bool?
    /// `auto_advance`: open the next pending case after a decision.
    public var autoAdvance: Bool?
    /// `blind_read`: hide earlier reviewers' decisions, so a second read is independent.
    public var blindRead: Bool?
    /// `overlay_opacity`, 0...1.
    public var overlayOpacity: Float?
    /// `model`: the model folder `lightbox review` runs on a case opened without a suggestion; a relative path
    /// has been resolved against the settings file's folder. Only the command line can load it, so
    /// `modelLine` lets it report a folder that is not a model at the right line.
    public var model: String?
    public var modelLine: Int?
    /// `[keys]`: action name → key names as written, in the order written.
    public var keys: [String: [String]] = [:]
    /// `[keys]`: action name → the line it is on, for `keysError(action:message:)`.
    public var keyLines: [String: Int] = [:]

    /// No settings: every value falls back to the command line's defaults.
    public init() {}

    // MARK: Where the file is

    /// `$XDG_CONFIG_HOME/lightbox/config.toml`, else `$HOME/.config/lightbox/config.toml`; nil without either.
    /// A relative `XDG_CONFIG_HOME` is ignored, as the XDG specification asks.
    public static func defaultPath(environment: [String: String]) -> String? {
        folder(environment: environment).map { $0 + "/config.toml" }
    }

    /// `$XDG_CONFIG_HOME/lightbox/themes` (or under `$HOME/.config`): where a user's own themes go.
    public static func userThemesFolder(environment: [String: String]) -> String? {
        folder(environment: environment).map { $0 + "/themes" }
    }

    private static func folder(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/lightbox" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/lightbox" }
        return nil
    }

    // MARK: Reading

    /// The settings in the file at `path`; a file that does not exist means no settings, because most users
    /// never write one. A file that exists but cannot be read or parsed is an error.
    public static func load(path: String) throws(ConfigurationError) -> LightboxConfig {
        guard let text = try TOMLDocument.readText(path: path) else { return LightboxConfig() }
        return try parse(text: text, file: path)
    }

    /// The settings in `text`; `file` names it in messages and anchors relative paths.
    public static func parse(text: String, file: String) throws(ConfigurationError) -> LightboxConfig {
        let document = try TOMLDocument(text: text, file: file)
        var config = LightboxConfig()
        config.file = file
        try document.checkKeys(of: document.root, known: Setting.allCases.map(\.rawValue), in: "")
        for entry in document.root.entries {
            switch Setting(rawValue: entry.key)! {
            case .theme:
                let theme = try document.string(entry)
                config.theme = Theme.isPath(theme) ? try path(entry, in: document) : theme
            case .colors: config.colorMode = try choice(entry, Self.colorModeNames, in: document)
            case .cells: config.cellGeometry = try choice(entry, Self.cellGeometryNames, in: document)
            case .database: config.database = try path(entry, in: document)
            case .privacy: config.privacy = try document.boolean(entry)
            case .autoAdvance: config.autoAdvance = try document.boolean(entry)
            case .blindRead: config.blindRead = try document.boolean(entry)
            case .overlayOpacity:
                let opacity = try document.number(entry)
                guard (0...1).contains(opacity) else {
                    throw document.error(entry, "overlay_opacity must be between 0 and 1, not \(opacity)")
                }
                config.overlayOpacity = Float(opacity)
            case .model:
                config.model = try path(entry, in: document)
                config.modelLine = entry.line
            case .keys:
                for binding in try document.table(entry, header: "keys").entries {
                    let names = try document.strings(binding)
                    if names.isEmpty || names.contains("") {
                        throw document.error(binding, "\(binding.key) needs at least one key name, and no empty ones")
                    }
                    config.keys[binding.key] = names
                    config.keyLines[binding.key] = binding.line
                }
            }
        }
        return config
    }

    /// An error at the line of `action` in `[keys]`, for problems only the review screens can see, such as
    /// an unknown action or key name: `config.toml:12: unknown action "acept"`.
    public func keysError(action: String, message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: keyLines[action], message: message)
    }

    /// An error at the line of `model`, for a folder the command line could not load as a model.
    public func modelError(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: modelLine, message: "model: " + message)
    }

    /// The top-level keys, spelt as in the file.
    private enum Setting: String, CaseIterable {
        case theme, colors, cells, database, privacy
        case autoAdvance = "auto_advance"
        case blindRead = "blind_read"
        case overlayOpacity = "overlay_opacity"
        case model
        case keys
    }

    /// The same words as `lightbox --colors`, and "auto" (nil: detect).
    static let colorModeNames: [(String, ColorMode?)] = [("auto", nil)] + ColorMode.userNames.map { ($0.name, $0.mode) }

    /// The same words as `lightbox --cells`, and "auto" (nil: detect).
    static let cellGeometryNames: [(String, CellGeometry?)] = [("auto", nil)] + CellGeometry.userNames.map { ($0.name, $0.geometry) }

    /// One of `names` (any case). A bare integer is taken as its digits, so `colors = 256` works as well.
    private static func choice<Value>(_ entry: TOMLTable.Entry, _ names: [(String, Value?)], in document: TOMLDocument)
        throws(ConfigurationError) -> Value? {
        let word: String
        switch entry.value {
        case let .integer(number): word = String(number)
        default: word = try document.string(entry).lowercased()
        }
        guard let match = names.first(where: { $0.0 == word }) else {
            throw document.error(entry, "\(entry.key) must be one of \(names.map(\.0).joined(separator: ", ")), not \"\(word)\"")
        }
        return match.1
    }

    /// A path, relative ones resolved against the settings file's folder so that the file means the same
    /// whichever folder lightbox is started from. "~" is refused rather than taken as a folder name: TOML
    /// is not a shell, and a store created in a folder called "~" would be lost.
    private static func path(_ entry: TOMLTable.Entry, in document: TOMLDocument) throws(ConfigurationError) -> String {
        let path = try document.string(entry)
        if path.isEmpty { throw document.error(entry, "\(entry.key) must not be empty") }
        if path.hasPrefix("~") { throw document.error(entry, "\(entry.key): \"~\" is not expanded here; write the full path") }
        guard !path.hasPrefix("/"), let slash = document.file.lastIndex(of: "/") else { return path }
        return document.file[...slash] + path
    }
}
