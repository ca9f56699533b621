/// How a piece of text looks: colours as curses colour numbers (0–15 the terminal's own, 16–255 the
/// xterm cube and grey ramp), already fitted to the terminal by whoever chose them (the theme), and the
/// attributes to use when the terminal shows no colour at all.
public struct TextStyle: Hashable, Sendable {
    public struct Attributes: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let bold = Attributes(rawValue: 1)
        public static let underline = Attributes(rawValue: 2)
        public static let reverse = Attributes(rawValue: 4)
        public static let dim = Attributes(rawValue: 8)
        public static let italic = Attributes(rawValue: 16)
    }

    /// nil: the terminal's default colour.
    public var foreground: Int?
    public var background: Int?
    public var attributes: Attributes
    /// Replaces colours and `attributes` on a monochrome terminal (or with NO_COLOR), so that what colour
    /// distinguishes there (a selected row, a warning) is still distinguished.
    public var monochrome: Attributes

    public init(foreground: Int? = nil, background: Int? = nil, attributes: Attributes = [], monochrome: Attributes? = nil) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.monochrome = monochrome ?? attributes
    }

    public static let plain = TextStyle()
    /// Titles and key names.
    public static let strong = TextStyle(attributes: .bold)
    /// Status and key bars: reverse video reads in every colour mode.
    public static let bar = TextStyle(attributes: .reverse)
    /// Must not be missed (the synthetic-data marker): bold yellow on red, else reverse bold.
    public static let warning = TextStyle(foreground: 11, background: 1, attributes: .bold, monochrome: [.bold, .reverse])
}
