import TerminalGraphics

/// The parts of the review screens a theme colours. Roles name purposes, not colours, so a theme can change
/// every colour without the screens knowing; the raw values are the keys under `[roles]` in theme files.
public enum ThemeRole: String, CaseIterable, Sendable {
    /// Ordinary text: reports, worklist rows, help.
    case text
    /// Screen and pane titles.
    case title
    /// The status and key bars.
    case bar
    /// The highlighted worklist row.
    case selection
    /// Secondary text: dates, counts, hints.
    case dim
    /// The "SYNTHETIC DEMO — not for clinical use" marker; must be impossible to miss.
    case warning
    /// Failures ("could not save").
    case error
    /// Confirmations ("saved").
    case success
    /// Cases still waiting for a decision.
    case pending
    /// Cases already decided.
    case reviewed
    /// Key names in the key bar, and headings.
    case accent
    /// The filled part of a probability bar.
    case probability
    /// The probability bar of the class the AI ranks first.
    case probabilityTop = "probability_top"
    /// Report words that drove the AI's suggestion.
    case highlight
    /// Pane borders and separators.
    case border

    /// How the role looks on a monochrome terminal (`NO_COLOR`, `colors = "mono"`) unless the theme says
    /// otherwise with `mono = [...]`: each role that must stand out keeps a distinct attribute, so the screens
    /// stay readable without colour.
    public var defaultMonochrome: TextAttributes {
        switch self {
        case .text, .reviewed, .probability: []
        case .title, .error, .success, .pending, .accent, .probabilityTop: .bold
        case .bar, .selection: .reverse
        case .dim, .border: .dim
        case .warning: [.bold, .reverse]
        case .highlight: [.underline, .bold]
        }
    }
}

/// Text attributes a theme can ask for; the screen maps them to curses attributes.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let underline = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let dim = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)

    /// The words theme files use, in the order messages list them.
    public static let names: [(name: String, attribute: TextAttributes)] = [
        ("bold", .bold), ("underline", .underline), ("reverse", .reverse), ("dim", .dim), ("italic", .italic),
    ]
}

/// How a theme draws one role: colours and attributes for colour terminals, and attributes alone for
/// monochrome ones.
public struct ThemeStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    /// Attributes in colour modes.
    public var attributes: TextAttributes
    /// Attributes in monochrome, where they are all that tells roles apart.
    public var monochrome: TextAttributes

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                attributes: TextAttributes = [], monochrome: TextAttributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.monochrome = monochrome
    }

    /// What a terminal in `mode` shows: palette indices and the colour attributes, or in monochrome no
    /// colours and the monochrome attributes.
    public func resolved(for mode: ColorMode) -> ResolvedStyle {
        guard let foreground = foreground.resolved(for: mode), let background = background.resolved(for: mode) else {
            return ResolvedStyle(colors: nil, attributes: monochrome)
        }
        return ResolvedStyle(colors: ResolvedColors(foreground: foreground, background: background), attributes: attributes)
    }
}

/// A role's style for one colour mode, ready to become a curses colour pair and attributes.
public struct ResolvedStyle: Hashable, Sendable {
    /// nil in monochrome: the text keeps the terminal's own colours.
    public var colors: ResolvedColors?
    public var attributes: TextAttributes
}

/// A foreground and background that a colour pair can hold.
public struct ResolvedColors: Hashable, Sendable {
    public var foreground: ResolvedColor
    public var background: ResolvedColor
}
