/// The nearest representable colour to a partition mean, with its squared RGB distance.
///
/// The palette is part of the solver, not a later step, because the per-cell optimum depends on it: a cell's
/// error for a glyph is the within-partition error plus `n * distance(mean, chosen colour)` for each partition,
/// so a glyph that looks best with exact means can lose once its colours are snapped to the palette.
/// Choosing the colour nearest to each mean is exact for a fixed glyph, by that same decomposition.
struct Quantized {
    var code: UInt32
    var error: Float
}

/// Maps partition means (channels 0...255) to palette entries. `grey` is the fast path for grey inputs.
protocol ColorQuantizer: Sendable {
    func nearest(grey: Float) -> Quantized
    func nearest(color: SIMD3<Float>) -> Quantized
    func terminalColor(_ code: UInt32) -> TerminalColor
    /// The cell drawn when the whole cell takes entry `code`.
    func uniformCell(_ code: UInt32) -> Cell
}

extension ColorQuantizer {
    func uniformCell(_ code: UInt32) -> Cell {
        let color = terminalColor(code)
        return Cell(glyph: Glyphs.space, fg: color, bg: color)
    }
}

/// 24-bit colour: the nearest colour is the mean rounded per channel.
struct TrueColorQuantizer: ColorQuantizer {
    func nearest(grey: Float) -> Quantized {
        let level = min(max(grey, 0), 255).rounded()
        let d = grey - level
        return Quantized(code: UInt32(level) * 0x010101, error: 3 * d * d)
    }

    func nearest(color: SIMD3<Float>) -> Quantized {
        let level = color.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 255)).rounded(.toNearestOrAwayFromZero)
        let d = color - level
        return Quantized(code: UInt32(level.x) << 16 | UInt32(level.y) << 8 | UInt32(level.z), error: (d * d).sum())
    }

    func terminalColor(_ code: UInt32) -> TerminalColor {
        .rgb(UInt8(code >> 16), UInt8(code >> 8 & 0xFF), UInt8(code & 0xFF))
    }
}

/// xterm-256 without the 16 system colours. Exact and O(1): the cube is a Cartesian product, so its nearest
/// entry is the nearest level per channel; the grey ramp lies on the diagonal, so its nearest entry is the
/// nearest level to the channel mean. The answer is the closer of the two. For grey means the cube can only
/// win with a diagonal (grey) entry, so the sorted grey levels alone give the exact answer.
struct Palette256Quantizer: ColorQuantizer {
    /// Cube step nearest to `x`: the cube levels 0, 95, 135, ... have midpoints 47.5, 115, 155, 195, 235.
    private static func cubeStep(_ x: Float) -> Int {
        if x < 47.5 { return 0 }
        if x < 115 { return 1 }
        return min(5, 2 + Int((x - 115) * (1 / 40)))
    }

    private static func rampStep(_ x: Float) -> Int {
        Int(min(max(((x - 8) * 0.1).rounded(), 0), 23))
    }

    func nearest(grey: Float) -> Quantized {
        let cubeStep = Self.cubeStep(grey), rampStep = Self.rampStep(grey)
        let dc = grey - Float(XtermPalette.cubeLevel(cubeStep))
        let dr = grey - Float(XtermPalette.rampLevel(rampStep))
        return dc * dc <= dr * dr
            ? Quantized(code: UInt32(16 + 43 * cubeStep), error: 3 * dc * dc)
            : Quantized(code: UInt32(232 + rampStep), error: 3 * dr * dr)
    }

    func nearest(color: SIMD3<Float>) -> Quantized {
        let r = Self.cubeStep(color.x), g = Self.cubeStep(color.y), b = Self.cubeStep(color.z)
        let cube = SIMD3(Float(XtermPalette.cubeLevel(r)), Float(XtermPalette.cubeLevel(g)), Float(XtermPalette.cubeLevel(b)))
        let rampStep = Self.rampStep(color.sum() * (1 / 3))
        let dc = color - cube
        let dr = color - SIMD3(repeating: Float(XtermPalette.rampLevel(rampStep)))
        let cubeError = (dc * dc).sum(), rampError = (dr * dr).sum()
        return cubeError <= rampError
            ? Quantized(code: UInt32(16 + 36 * r + 6 * g + b), error: cubeError)
            : Quantized(code: UInt32(232 + rampStep), error: rampError)
    }

    func terminalColor(_ code: UInt32) -> TerminalColor {
        .indexed(UInt8(code))
    }
}

/// A short list of colours: the 16 system colours, or monochrome's black and white. Colour means are
/// searched exhaustively. Grey means use the list's grey envelope: the distance from (g, g, g) to entry `e`
/// is `3g² - 2g·sum(e) + |e|²`, so the nearest entry is the lowest of the lines `|e|² - 2g·sum(e)`, and the
/// few breakpoints where the lowest line changes, found once, answer every grey query exactly.
struct ListQuantizer: ColorQuantizer {
    let colors: [TerminalColor]
    private let values: [SIMD3<Float>]
    /// Entry `greyEntries[i]` is nearest for greys up to `greyBreaks[i]`; the last entry beyond the last break.
    private let greyBreaks: [Float]
    private let greyEntries: [Int]

    init(_ colors: [TerminalColor]) {
        self.colors = colors
        values = colors.map { $0.rgbValue.vector }
        (greyBreaks, greyEntries) = Self.lowerEnvelope(values.map { Double($0.sum()) }, values.map { Double(($0 * $0).sum()) })
    }

    static let palette16 = ListQuantizer((0..<16).map { TerminalColor.indexed(UInt8($0)) })
    static let monochrome = ListQuantizer([.defaultBackground, .defaultForeground])

    /// Lower envelope of the lines `intercepts[e] - 2 g slopes[e]` over all g, walking from g = -∞ upwards.
    private static func lowerEnvelope(_ sums: [Double], _ squares: [Double]) -> ([Float], [Int]) {
        let lines = sums.indices
        var current = lines.min { (sums[$0], squares[$0]) < (sums[$1], squares[$1]) }!
        var breaks = [Float](), entries = [current]
        while true {
            // The next line to take over is the one crossing below `current` at the smallest g.
            let crossings = lines.filter { sums[$0] > sums[current] }.map { line in
                (g: (squares[line] - squares[current]) / (2 * (sums[line] - sums[current])), line: line)
            }
            guard let next = crossings.min(by: { ($0.g, -sums[$0.line]) < ($1.g, -sums[$1.line]) }) else { break }
            breaks.append(Float(next.g))
            entries.append(next.line)
            current = next.line
        }
        return (breaks, entries)
    }

    func nearest(grey: Float) -> Quantized {
        var segment = 0
        while segment < greyBreaks.count && grey > greyBreaks[segment] { segment += 1 }
        let entry = greyEntries[segment]
        let d = values[entry] - SIMD3(repeating: grey)
        return Quantized(code: UInt32(entry), error: (d * d).sum())
    }

    func nearest(color: SIMD3<Float>) -> Quantized {
        var best = Quantized(code: 0, error: .infinity)
        for index in values.indices {
            let d = color - values[index]
            let error = (d * d).sum()
            if error < best.error { best = Quantized(code: UInt32(index), error: error) }
        }
        return best
    }

    func terminalColor(_ code: UInt32) -> TerminalColor {
        colors[Int(code)]
    }
}

/// Monochrome ASCII: the ramp characters drawn white on black act as ten grey levels `i * 255 / 9`
/// (reverse video yields the same set, so it is never needed). Grey levels lie on the diagonal, so the
/// nearest one to any colour is the nearest to its channel mean.
struct AsciiRampQuantizer: ColorQuantizer {
    private static let steps = Float(Glyphs.asciiRamp.count - 1)

    private static func step(_ x: Float) -> Int {
        Int(min(max((x * (steps / 255)).rounded(), 0), steps))
    }

    private static func level(_ step: Int) -> Float {
        Float(step) * (255 / steps)
    }

    func nearest(grey: Float) -> Quantized {
        let step = Self.step(grey)
        let d = grey - Self.level(step)
        return Quantized(code: UInt32(step), error: 3 * d * d)
    }

    func nearest(color: SIMD3<Float>) -> Quantized {
        let step = Self.step(color.sum() * (1 / 3))
        let d = color - SIMD3(repeating: Self.level(step))
        return Quantized(code: UInt32(step), error: (d * d).sum())
    }

    func terminalColor(_ code: UInt32) -> TerminalColor {
        .defaultForeground
    }

    func uniformCell(_ code: UInt32) -> Cell {
        Cell(glyph: Glyphs.asciiRamp[Int(code)], fg: .defaultForeground, bg: .defaultBackground)
    }
}

extension ColorMode {
    /// The terminal colour nearest to `color` (channels 0...255) in this mode, for cells drawn without the
    /// solver: colour bars, captions, UI themes. Monochrome answers with the two default colours.
    public func nearestColor(_ color: SIMD3<Float>) -> TerminalColor {
        switch self {
        case .truecolor: return Self.snap(color, TrueColorQuantizer())
        case .palette256: return Self.snap(color, Palette256Quantizer())
        case .palette16: return Self.snap(color, ListQuantizer.palette16)
        case .monochrome: return Self.snap(color, ListQuantizer.monochrome)
        }
    }

    private static func snap(_ color: SIMD3<Float>, _ quantizer: some ColorQuantizer) -> TerminalColor {
        quantizer.terminalColor(quantizer.nearest(color: color).code)
    }
}
