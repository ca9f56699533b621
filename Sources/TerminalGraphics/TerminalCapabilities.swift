/// What the terminal can show, decided from the environment so it can be tested without a terminal.
public struct TerminalCapabilities: Hashable, Sendable {
    public var colorMode: ColorMode
    public var unicode: Bool

    public init(colorMode: ColorMode, unicode: Bool) {
        self.colorMode = colorMode
        self.unicode = unicode
    }

    /// Half blocks need UTF-8; without it only the ASCII geometry is safe.
    public var defaultGeometry: CellGeometry { unicode ? .half : .ascii }

    /// Colour, in order: `NO_COLOR` non-empty → monochrome (an explicit user request, so it beats everything,
    /// as no-color.org asks); `COLORTERM` truecolor/24bit → truecolor; `terminfoColors` ≥ 256 or `TERM`
    /// containing "256color" → palette256; `terminfoColors` ≥ 8 → palette16; otherwise monochrome.
    /// Unicode: the first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG` names UTF-8 ("UTF-8"/"utf8", any case).
    public static func detect(environment: [String: String], terminfoColors: Int?) -> TerminalCapabilities {
        TerminalCapabilities(colorMode: colorMode(environment: environment, terminfoColors: terminfoColors),
                             unicode: isUTF8(environment: environment))
    }

    private static func colorMode(environment: [String: String], terminfoColors: Int?) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        let colorTerm = environment["COLORTERM"]?.lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .truecolor }
        let colors = terminfoColors ?? 0
        if colors >= 256 || environment["TERM", default: ""].contains("256color") { return .palette256 }
        if colors >= 8 { return .palette16 }
        return .monochrome
    }

    private static func isUTF8(environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
    }
}
