/// A colour-map legend as cells, drawn without the solver: its colours are known exactly.
public enum ColorBar {
    public enum Orientation: Sendable {
        /// `length` rows, maximum at the top, captions to the right of the bar.
        case vertical
        /// `length` columns, maximum at the right, captions on the row below.
        case horizontal
    }

    /// A bar of `length` cells for `colorMap` with captions such as the raw minimum and maximum.
    /// With Unicode each cell shows two samples (▀ top/bottom or ▌ left/right); without it one sample per
    /// space. In monochrome the ramp characters stand in for colours, by the map's lightness.
    public static func cells(colorMap: ColorMap, length: Int, orientation: Orientation,
                             colorMode: ColorMode, unicode: Bool,
                             minLabel: String, maxLabel: String) -> CellGrid {
        precondition(length > 0, "a colour bar needs at least one cell")
        let text = TextStyle(colorMode: colorMode, unicode: unicode)
        let bar = (0..<length).map {
            barCell(colorMap, index: $0, length: length, orientation: orientation, colorMode: colorMode, unicode: unicode)
        }
        let minText = text.cells(minLabel), maxText = text.cells(maxLabel)
        switch orientation {
        case .vertical:
            let width = 2 + max(minText.count, maxText.count)
            var grid = CellGrid(cols: width, rows: length, filling: text.blank)
            for row in 0..<length { grid[0, row] = bar[length - 1 - row] }
            for (column, cell) in maxText.enumerated() { grid[2 + column, 0] = cell }
            for (column, cell) in minText.enumerated() { grid[2 + column, length - 1] = cell }
            return grid
        case .horizontal:
            var grid = CellGrid(cols: length, rows: 2, filling: text.blank)
            for column in 0..<length { grid[column, 0] = bar[column] }
            for (column, cell) in maxText.suffix(length).enumerated() {
                grid[length - min(maxText.count, length) + column, 1] = cell
            }
            for (column, cell) in minText.prefix(max(length - maxText.count - 1, 0)).enumerated() { grid[column, 1] = cell }
            return grid
        }
    }

    /// Cell `index` of `length`, low values first. Its two samples sit at the quarter points of its span.
    private static func barCell(_ colorMap: ColorMap, index: Int, length: Int, orientation: Orientation,
                                colorMode: ColorMode, unicode: Bool) -> Cell {
        func sample(_ offset: Float) -> SIMD3<Float> {
            colorMap.sample((Float(index) + offset) / Float(length))
        }
        if colorMode == .monochrome {
            let lightness = (sample(0.5) * SIMD3(0.2126, 0.7152, 0.0722)).sum() / 255
            let rank = Int((lightness * Float(Glyphs.asciiRamp.count - 1)).rounded())
            return Cell(glyph: Glyphs.asciiRamp[rank], fg: .defaultForeground, bg: .defaultBackground)
        }
        guard unicode else {
            let color = colorMode.nearestColor(sample(0.5))
            return Cell(glyph: Glyphs.space, fg: color, bg: color)
        }
        let low = colorMode.nearestColor(sample(0.25)), high = colorMode.nearestColor(sample(0.75))
        switch orientation {
        case .vertical: return Cell(glyph: Glyphs.upperHalf, fg: high, bg: low)
        case .horizontal: return Cell(glyph: Glyphs.leftHalf, fg: low, bg: high)
        }
    }

    /// Captions: light text on a dark ground in the mode's palette (the defaults in monochrome).
    private struct TextStyle {
        let fg: TerminalColor, bg: TerminalColor, unicode: Bool

        init(colorMode: ColorMode, unicode: Bool) {
            let mono = colorMode == .monochrome
            fg = mono ? .defaultForeground : colorMode.nearestColor(SIMD3(repeating: 255))
            bg = mono ? .defaultBackground : colorMode.nearestColor(.zero)
            self.unicode = unicode
        }

        var blank: Cell { Cell(glyph: Glyphs.space, fg: bg, bg: bg) }

        func cells(_ text: String) -> [Cell] {
            text.unicodeScalars.map { scalar in
                Cell(glyph: unicode || scalar.isASCII ? scalar : "?", fg: fg, bg: bg)
            }
        }
    }
}
