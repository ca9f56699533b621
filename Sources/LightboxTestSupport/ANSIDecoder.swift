import TerminalGraphics

/// A tiny terminal for the tests: replays SGR, cursor moves, newlines and UTF-8 text into cells holding the
/// colours that are actually visible (reverse video applied), so encoder output can be compared as a picture.
public struct ANSIDecoder {
    public private(set) var grid: CellGrid
    private var row = 0, column = 0
    private var fgSlot = TerminalColor.defaultForeground, bgSlot = TerminalColor.defaultBackground
    private var reverse = false
    /// Number of SGR sequences seen.
    public private(set) var sgrCount = 0

    public init(cols: Int, rows: Int) {
        grid = CellGrid(cols: cols, rows: rows, filling: Cell(glyph: "?", fg: .defaultForeground, bg: .defaultBackground))
    }

    public static func decode(_ bytes: [UInt8], cols: Int, rows: Int) -> ANSIDecoder {
        var decoder = ANSIDecoder(cols: cols, rows: rows)
        decoder.feed(bytes)
        return decoder
    }

    public mutating func feed(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                precondition(bytes[index + 1] == UInt8(ascii: "["), "only CSI sequences are expected")
                var end = index + 2
                while !(0x40...0x7E).contains(bytes[end]) { end += 1 }
                let parameters = String(decoding: bytes[index + 2..<end], as: UTF8.self)
                    .split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                switch bytes[end] {
                case UInt8(ascii: "m"): applySGR(parameters)
                case UInt8(ascii: "H"): row = parameters[0] - 1; column = parameters[1] - 1
                default: preconditionFailure("unexpected CSI final byte \(bytes[end])")
                }
                index = end + 1
            } else if byte == UInt8(ascii: "\n") {
                row += 1
                column = 0
                index += 1
            } else {
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                let scalar = String(decoding: bytes[index..<index + length], as: UTF8.self).unicodeScalars.first!
                grid[column, row] = Cell(glyph: scalar, fg: reverse ? bgSlot : fgSlot, bg: reverse ? fgSlot : bgSlot)
                column += 1
                index += length
            }
        }
    }

    private mutating func applySGR(_ parameters: [Int]) {
        sgrCount += 1
        var index = 0
        while index < parameters.count {
            let p = parameters[index]
            switch p {
            case 0: fgSlot = .defaultForeground; bgSlot = .defaultBackground; reverse = false
            case 7: reverse = true
            case 27: reverse = false
            case 30...37: fgSlot = .indexed(UInt8(p - 30))
            case 39: fgSlot = .defaultForeground
            case 40...47: bgSlot = .indexed(UInt8(p - 40))
            case 49: bgSlot = .defaultBackground
            case 90...97: fgSlot = .indexed(UInt8(p - 90 + 8))
            case 100...107: bgSlot = .indexed(UInt8(p - 100 + 8))
            case 38, 48:
                let color: TerminalColor
                if parameters[index + 1] == 5 {
                    color = .indexed(UInt8(parameters[index + 2]))
                    index += 2
                } else {
                    precondition(parameters[index + 1] == 2, "unknown extended colour form")
                    color = .rgb(UInt8(parameters[index + 2]), UInt8(parameters[index + 3]), UInt8(parameters[index + 4]))
                    index += 4
                }
                if p == 38 { fgSlot = color } else { bgSlot = color }
            default: preconditionFailure("unexpected SGR parameter \(p)")
            }
            index += 1
        }
    }
}
