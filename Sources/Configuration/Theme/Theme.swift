import Foundation
import TerminalGraphics

/// A colour theme for the review screens: a style for every `ThemeRole` and the colour map of AI heatmaps.
///
/// Themes are TOML files (`Themes/*.toml` in the repository, `~/.config/lightbox/themes/*.toml` for the
/// user's own). A role the file leaves out is drawn in the terminal's colours with the role's monochrome
/// attributes, so a partial theme never leaves the warning marker or the selection invisible.
///
/// ```toml
/// name = "dark"
/// overlay_colormap = "turbo"
/// [roles.selection]
/// fg = "black"
/// bg = "#5fafff"
/// attrs = ["bold"]
/// mono = ["reverse"]
/// ```
///
/// The CT image is never themed: grey levels and heatmap colours are data, drawn by the renderer.
public struct Theme: Hashable, Sendable {
    public var name: String
    /// `overlay_colormap`: how AI heatmaps are coloured over the image.
    public var overlayColorMap: ColorMap
    private var styles: [ThemeRole: ThemeStyle]

    /// The style of `role`; every role has one.
    public subscript(role: ThemeRole) -> ThemeStyle {
        get { styles[role]! }
        set { styles[role] = newValue }
    }

    // MARK: Finding a theme

    /// The themes compiled into the binary, so that an installed `lightbox` works without the repository.
    public static let builtinNames = BuiltinThemes.texts.keys.sorted()

    /// Whether the `theme` setting names a file rather than a theme: it contains "/" or ends in ".toml".
    public static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")
    }

    /// The theme a user named: a file if `nameOrPath` is a path (see `isPath`), else `<name>.toml` in the
    /// first of `searchPaths` that has it, else the built-in theme of that name. Search paths come first so
    /// that a user can override a built-in theme by copying and editing it.
    public static func load(nameOrPath: String, searchPaths: [String]) throws(ConfigurationError) -> Theme {
        if isPath(nameOrPath) {
            return try parse(document: TOMLDocument(contentsOfFile: nameOrPath))
        }
        for folder in searchPaths {
            let path = folder + "/" + nameOrPath + ".toml"
            if let text = try TOMLDocument.readText(path: path) {
                return try parse(document: TOMLDocument(text: text, file: path))
            }
        }
        if let text = BuiltinThemes.texts[nameOrPath] {
            return try parse(document: TOMLDocument(text: text, file: nameOrPath + ".toml (built in)"))
        }
        let available = availableNames(searchPaths: searchPaths).joined(separator: ", ")
        throw ConfigurationError(file: nil, message: "unknown theme \"\(nameOrPath)\"; available themes: \(available)")
    }

    /// The names `load` accepts: the built-in themes and every `.toml` file in `searchPaths`, sorted.
    public static func availableNames(searchPaths: [String]) -> [String] {
        let found = searchPaths.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".toml") }
                .map { String($0.dropLast(".toml".count)) }
        }
        return Set(builtinNames + found).sorted()
    }

    // MARK: Reading a theme file

    /// The theme in `text`; `file` names it in messages, and its base name is the theme's name when the
    /// file has no `name`.
    public static func parse(text: String, file: String) throws(ConfigurationError) -> Theme {
        try parse(document: TOMLDocument(text: text, file: file))
    }

    private static func parse(document: TOMLDocument) throws(ConfigurationError) -> Theme {
        let baseName = document.file.split(separator: "/").last.map(String.init) ?? document.file
        var theme = Theme(name: baseName.hasSuffix(".toml") ? String(baseName.dropLast(5)) : baseName,
                          overlayColorMap: .turbo,
                          styles: Dictionary(uniqueKeysWithValues: ThemeRole.allCases.map { role in
                              (role, ThemeStyle(attributes: role.defaultMonochrome, monochrome: role.defaultMonochrome))
                          }))
        try document.checkKeys(of: document.root, known: ["name", "overlay_colormap", "roles"], in: "")
        if let entry = document.root["name"] {
            theme.name = try document.string(entry)
        }
        if let entry = document.root["overlay_colormap"] {
            let name = try document.string(entry)
            guard let colorMap = ColorMap(rawValue: name.lowercased()) else {
                let known = ColorMap.allCases.map(\.rawValue).joined(separator: ", ")
                throw document.error(entry, "overlay_colormap must be one of \(known), not \"\(name)\"")
            }
            theme.overlayColorMap = colorMap
        }
        if let entry = document.root["roles"] {
            let roles = try document.table(entry, header: "roles")
            try document.checkKeys(of: roles, known: ThemeRole.allCases.map(\.rawValue), in: " in [roles]")
            for roleEntry in roles.entries {
                let role = ThemeRole(rawValue: roleEntry.key)!
                theme[role] = try style(document.table(roleEntry, header: "roles." + role.rawValue), role: role, in: document)
            }
        }
        return theme
    }

    private static func style(_ table: TOMLTable, role: ThemeRole, in document: TOMLDocument)
        throws(ConfigurationError) -> ThemeStyle {
        try document.checkKeys(of: table, known: ["fg", "bg", "attrs", "mono"], in: " in [roles.\(role.rawValue)]")
        var style = ThemeStyle(monochrome: role.defaultMonochrome)
        if let entry = table["fg"] { style.foreground = try color(entry, in: document) }
        if let entry = table["bg"] { style.background = try color(entry, in: document) }
        if let entry = table["attrs"] { style.attributes = try attributes(entry, in: document) }
        if let entry = table["mono"] { style.monochrome = try attributes(entry, in: document) }
        return style
    }

    private static func color(_ entry: TOMLTable.Entry, in document: TOMLDocument) throws(ConfigurationError) -> ThemeColor {
        let name: String
        if case let .integer(index) = entry.value {
            name = String(index)
        } else {
            name = try document.string(entry)
        }
        guard let color = ThemeColor(name: name) else {
            throw document.error(entry, "\(entry.key): unknown colour \"\(name)\"; use \"default\", an ANSI name "
                + "(black, red, ..., bright_white), an xterm index 0-255 or \"#rrggbb\"")
        }
        return color
    }

    private static func attributes(_ entry: TOMLTable.Entry, in document: TOMLDocument)
        throws(ConfigurationError) -> TextAttributes {
        var attributes: TextAttributes = []
        for name in try document.strings(entry) {
            guard let match = TextAttributes.names.first(where: { $0.name == name.lowercased() }) else {
                let known = TextAttributes.names.map(\.name).joined(separator: ", ")
                throw document.error(entry, "\(entry.key): unknown attribute \"\(name)\"; expected \(known)")
            }
            attributes.insert(match.attribute)
        }
        return attributes
    }
}
