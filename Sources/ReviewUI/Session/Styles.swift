import TerminalScreen

/// The text styles of the review screens, one per role, as the theme resolved them for this terminal.
public struct Styles: Sendable {
    public var text = TextStyle.plain
    public var title = TextStyle.strong
    public var bar = TextStyle.bar
    public var selection = TextStyle(attributes: .reverse)
    public var dim = TextStyle(attributes: .dim, monochrome: [])
    public var warning = TextStyle.warning
    public var error = TextStyle(foreground: 9, attributes: .bold)
    public var success = TextStyle(foreground: 10, attributes: .bold)
    public var pending = TextStyle(foreground: 11)
    public var reviewed = TextStyle(foreground: 10)
    public var accent = TextStyle.strong
    public var probability = TextStyle(foreground: 12)
    public var probabilityTop = TextStyle(foreground: 14, attributes: .bold)
    public var highlight = TextStyle(attributes: [.bold, .underline])
    public var border = TextStyle.plain

    public init() {}
}
