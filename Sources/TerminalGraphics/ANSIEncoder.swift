/// A zero-based screen position for `encodeSegment`.
public struct CursorPosition: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// Writes cells as ANSI bytes, spending as few bytes as it can: over SSH the byte count is the frame time.
///
/// It sends SGR only when a colour the next cell needs differs from the terminal's state, and picks between
/// equivalent drawings to keep that state: a glyph and its complement with fg and bg swapped (▀ A/B == ▄ B/A),
/// a uniform cell as a space (needs only bg) or █ (needs only fg). When a change is unavoidable it takes the
/// drawing whose change plus the next cell's cheapest change costs least (greedy with one cell of look-ahead).
public struct ANSIEncoder: Sendable {
    /// When false the encoder never introduces a non-ASCII glyph (no █, no complement swaps).
    public var unicode: Bool

    public init(unicode: Bool = true) {
        self.unicode = unicode
    }

    /// The stdout form of the whole grid: every row ends with `ESC[0m` and a newline.
    public func encode(_ grid: CellGrid) -> [UInt8] {
        encode(grid, columns: 0..<grid.cols, rows: 0..<grid.rows)
    }

    /// The stdout form of a region; each row starts from the reset state and ends with `ESC[0m` and a newline.
    public func encode(_ grid: CellGrid, columns: Range<Int>, rows: Range<Int>) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(rows.count * (columns.count * 6 + 8))
        for row in rows {
            var pen = Pen.reset
            encodeSegment(grid, row: row, columns: columns, pen: &pen, into: &output)
            output.append(contentsOf: [0x1B, UInt8(ascii: "["), UInt8(ascii: "0"), UInt8(ascii: "m"), UInt8(ascii: "\n")])
        }
        return output
    }

    /// Appends the cells `columns` of `row`, preceded by a cursor move to `cursor` when given, starting from
    /// and updating `pen` (the terminal's state), without a trailing reset: the building block for redrawing
    /// only the cells that changed.
    public func encodeSegment(_ grid: CellGrid, row: Int, columns: Range<Int>, cursor: CursorPosition? = nil,
                              pen: inout Pen, into output: inout [UInt8]) {
        precondition(row >= 0 && row < grid.rows && columns.clamped(to: 0..<grid.cols) == columns, "segment outside the grid")
        if let cursor { moveCursor(to: cursor, into: &output) }
        guard !columns.isEmpty else { return }
        grid.cells.withUnsafeBufferPointer { cells in
            let rowStart = row * grid.cols
            var upcoming = drawings(for: cells[rowStart + columns.lowerBound])
            for column in columns {
                let current = upcoming
                let lookahead = column + 1 < columns.upperBound ? drawings(for: cells[rowStart + column + 1]) : nil
                let (drawing, target) = choose(current, from: pen, lookahead: lookahead)
                SGR.emit(from: pen, to: target, into: &output)
                pen = target
                appendUTF8(drawing.glyph, into: &output)
                if let lookahead { upcoming = lookahead }
            }
        }
    }

    /// The equivalent drawings of a cell, cheapest glyph first.
    private struct Drawings {
        var first: Drawing
        var second: Drawing?

        var count: Int { second == nil ? 1 : 2 }
        subscript(index: Int) -> Drawing { index == 0 ? first : second! }
    }

    private func drawings(for cell: Cell) -> Drawings {
        let uniform: TerminalColor?
        if cell.fg == cell.bg || cell.glyph == Glyphs.space || cell.glyph == Glyphs.blankBraille {
            uniform = cell.bg
        } else if cell.glyph == Glyphs.fullBlock {
            uniform = cell.fg
        } else {
            uniform = nil
        }
        if let uniform {
            return Drawings(first: Drawing(glyph: Glyphs.space, ink: nil, paper: uniform),
                            second: unicode ? Drawing(glyph: Glyphs.fullBlock, ink: uniform, paper: nil) : nil)
        }
        let complement = unicode ? Glyphs.complement(of: cell.glyph) : nil
        return Drawings(first: Drawing(glyph: cell.glyph, ink: cell.fg, paper: cell.bg),
                        second: complement.map { Drawing(glyph: $0, ink: cell.bg, paper: cell.fg) })
    }

    private func choose(_ options: Drawings, from pen: Pen, lookahead: Drawings?) -> (Drawing, Pen) {
        if pen.satisfies(options.first) { return (options.first, pen) }
        if let second = options.second, pen.satisfies(second) { return (second, pen) }
        var best: (score: Int, drawing: Drawing, pen: Pen)?
        for index in 0..<options.count {
            let drawing = options[index]
            for reverse in Self.reverseOptions {
                guard let target = pen.adopting(drawing, reverse: reverse) else { continue }
                var score = SGR.cost(from: pen, to: target) + utf8Length(drawing.glyph)
                if let lookahead { score += cheapestCost(lookahead, from: target) }
                if best.map({ score < $0.score }) ?? true { best = (score, drawing, target) }
            }
        }
        guard let best else { preconditionFailure("no pen can draw this cell") }
        return (best.drawing, best.pen)
    }

    private static let reverseOptions = [false, true]

    private func cheapestCost(_ options: Drawings, from pen: Pen) -> Int {
        var cheapest = Int.max
        for index in 0..<options.count {
            let drawing = options[index]
            if pen.satisfies(drawing) { return 0 }
            for reverse in Self.reverseOptions {
                if let target = pen.adopting(drawing, reverse: reverse) {
                    cheapest = min(cheapest, SGR.cost(from: pen, to: target))
                }
            }
        }
        return cheapest
    }

    private func moveCursor(to position: CursorPosition, into output: inout [UInt8]) {
        output.append(0x1B)
        output.append(UInt8(ascii: "["))
        output.appendDecimal(position.row + 1)
        output.append(UInt8(ascii: ";"))
        output.appendDecimal(position.column + 1)
        output.append(UInt8(ascii: "H"))
    }

    private func utf8Length(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case ..<0x80: return 1
        case ..<0x800: return 2
        case ..<0x10000: return 3
        default: return 4
        }
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, into output: inout [UInt8]) {
        for unit in scalar.utf8 { output.append(unit) }
    }
}
