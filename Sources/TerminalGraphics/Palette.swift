/// The colour modes a terminal can be driven in.
public enum ColorMode: String, CaseIterable, Sendable {
    /// 24-bit colour.
    case truecolor
    /// xterm-256, of which only indices 16–255 are used: the 16 system colours differ between terminals.
    case palette256
    /// The 16 ANSI colours, assumed to have xterm's default values (see `XtermPalette.system`).
    case palette16
    /// Default foreground (white) and background (black) plus reverse video.
    case monochrome
}

/// The RGB values of the xterm palette, the reference for every indexed colour this module emits.
enum XtermPalette {
    /// xterm's defaults for the 16 system colours. Terminals re-theme these, which is why 256-colour output
    /// avoids them and 16-colour output is only approximate:
    ///  0 black (0,0,0)        1 red (205,0,0)        2 green (0,205,0)        3 yellow (205,205,0)
    ///  4 blue (0,0,238)       5 magenta (205,0,205)  6 cyan (0,205,205)       7 white (229,229,229)
    ///  8 grey (127,127,127)   9 red (255,0,0)       10 green (0,255,0)       11 yellow (255,255,0)
    /// 12 blue (92,92,255)    13 magenta (255,0,255) 14 cyan (0,255,255)      15 white (255,255,255)
    static let system: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// Channel level `step` (0...5) of the 6x6x6 cube: 0, 95, 135, 175, 215, 255.
    static func cubeLevel(_ step: Int) -> UInt8 {
        step == 0 ? 0 : UInt8(55 + 40 * step)
    }

    /// Level `step` (0...23) of the grey ramp 232–255: 8, 18, ..., 238.
    static func rampLevel(_ step: Int) -> UInt8 {
        UInt8(8 + 10 * step)
    }

    static func rgb(_ index: UInt8) -> RGB {
        switch index {
        case 0..<16:
            return system[Int(index)]
        case 16..<232:
            let i = Int(index) - 16
            return RGB(cubeLevel(i / 36), cubeLevel(i / 6 % 6), cubeLevel(i % 6))
        default:
            let v = rampLevel(Int(index) - 232)
            return RGB(v, v, v)
        }
    }
}
