import TerminalGraphics

/// A colour as a theme file writes it: the terminal's own, a palette index, or an exact RGB value.
///
/// The three forms mean different things on purpose. "default" follows the user's terminal (including a
/// transparent background); the 16 ANSI names and indices 0–15 follow whatever the user remapped them to,
/// which is right for someone who tuned their palette; `#rrggbb` asks for that colour wherever the terminal
/// can show it.
public enum ThemeColor: Hashable, Sendable {
    /// `"default"`: the terminal's own foreground or background.
    case terminalDefault
    /// An ANSI name (`"red"` is 1, `"bright_red"` 9) or an xterm index (`"123"` or `123`).
    case indexed(UInt8)
    /// `"#rrggbb"`.
    case rgb(RGB)

    /// The ANSI names in index order, 0 to 15.
    public static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        + ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"].map { "bright_" + $0 }

    /// Parses "default", an ANSI name, a decimal xterm index 0–255 or `#rrggbb` (names and hex digits in
    /// any case); nil for anything else.
    public init?(name: String) {
        let lowered = name.lowercased()
        if lowered == "default" {
            self = .terminalDefault
        } else if let index = Self.ansiNames.firstIndex(of: lowered) {
            self = .indexed(UInt8(index))
        } else if lowered.allSatisfy(\.isASCII), lowered.allSatisfy(\.isNumber), let index = UInt8(lowered) {
            self = .indexed(index)
        } else if lowered.count == 7, lowered.first == "#", lowered.dropFirst().allSatisfy(\.isHexDigit),
                  let value = UInt32(lowered.dropFirst(), radix: 16) {
            self = .rgb(RGB(UInt8(value >> 16), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)))
        } else {
            return nil
        }
    }

    /// What a terminal in `mode` can show of this colour; nil in monochrome, where roles are told apart by
    /// attributes alone.
    ///
    /// Truecolor terminals get palette indices too, as palette256 does: text panes go through curses and the
    /// xterm-256color terminfo, which cannot express 24-bit colour. An RGB colour becomes the nearest entry
    /// of the cube or grey ramp (16–255), never a system colour 0–15, because users remap those and the
    /// theme asked for an exact colour. With 16 colours, anything beyond 0–15 becomes the nearest of the 16
    /// at xterm's default values.
    public func resolved(for mode: ColorMode) -> ResolvedColor? {
        switch (self, mode) {
        case (_, .monochrome): return nil
        case (.terminalDefault, _): return .terminalDefault
        case let (.indexed(index), .palette16) where index >= 16: return Self.index(of: .indexed(index), in: .palette16)
        case let (.indexed(index), _): return .index(index)
        case let (.rgb(rgb), .palette16): return Self.index(of: .rgb(rgb.r, rgb.g, rgb.b), in: .palette16)
        case let (.rgb(rgb), _): return Self.index(of: .rgb(rgb.r, rgb.g, rgb.b), in: .palette256)
        }
    }

    /// The palette index nearest to `color`, by the same quantiser the image renderer uses.
    private static func index(of color: TerminalColor, in mode: ColorMode) -> ResolvedColor {
        guard case let .indexed(index) = mode.nearestColor(color.rgbValue.vector) else {
            preconditionFailure("palette modes answer with palette indices")
        }
        return .index(index)
    }
}

/// A colour a text pane can be told through curses: the terminal's default or a palette index.
public enum ResolvedColor: Hashable, Sendable {
    case terminalDefault
    case index(UInt8)
}
