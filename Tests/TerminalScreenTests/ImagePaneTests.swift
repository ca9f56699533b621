import LightboxTestSupport
import TerminalGraphics
@testable import TerminalScreen
import Testing

/// The image pane's diff: what it writes must turn the old picture into the new one, and a small change
/// must cost few bytes.
@Suite("Image pane")
struct ImagePaneTests {
    static let origin = CursorPosition(row: 1, column: 2)

    static func paletteGrey(_ level: Int) -> TerminalColor { .indexed(UInt8(232 + level % 24)) }
    static func truecolorGrey(_ level: Int) -> TerminalColor {
        let value = UInt8(level * 3 % 256)
        return .rgb(value, value, value)
    }

    /// A grey ramp with half blocks, different in every cell, offset by `shift` grey levels.
    static func ramp(cols: Int = 40, rows: Int = 10, shift: Int = 0, colors: (Int) -> TerminalColor = paletteGrey) -> CellGrid {
        var grid = CellGrid(cols: cols, rows: rows, filling: Cell(glyph: " ", fg: .defaultForeground, bg: .defaultBackground))
        for row in 0..<rows {
            for column in 0..<cols {
                grid[column, row] = Cell(glyph: "▀", fg: colors(row + column + shift), bg: colors(row * 2 + column + shift + 1))
            }
        }
        return grid
    }

    /// Replays `bytes` onto a screen that already shows `before` and returns the pane's cells.
    static func replay(_ bytes: [UInt8], over before: CellGrid?, size: CellGrid) -> CellGrid {
        let cols = origin.column + size.cols, rows = origin.row + size.rows
        var decoder = ANSIDecoder(cols: cols, rows: rows)
        if let before {
            var pane = ImagePane(encoder: ANSIEncoder())
            decoder.feed(pane.update(to: before, at: origin))
        }
        decoder.feed(bytes)
        let cells = (0..<size.rows).flatMap { row in
            (0..<size.cols).map { decoder.grid[origin.column + $0, origin.row + row] }
        }
        return CellGrid(cols: size.cols, rows: size.rows, cells: cells)
    }

    /// Cells as seen: half blocks with their colours, so equivalent drawings compare equal.
    static func visible(_ grid: CellGrid) -> [TerminalColor] {
        grid.cells.flatMap { cell -> [TerminalColor] in
            switch cell.glyph {
            case "▀": return [cell.fg, cell.bg]
            case "▄": return [cell.bg, cell.fg]
            case "█": return [cell.fg, cell.fg]
            default: return [cell.bg, cell.bg]
            }
        }
    }

    @Test func theFirstFrameWritesEveryCell() {
        var pane = ImagePane(encoder: ANSIEncoder())
        let grid = Self.ramp()
        let bytes = pane.update(to: grid, at: Self.origin)
        #expect(Self.visible(Self.replay(bytes, over: nil, size: grid)) == Self.visible(grid))
    }

    @Test func anUnchangedFrameWritesNothing() {
        var pane = ImagePane(encoder: ANSIEncoder())
        _ = pane.update(to: Self.ramp(), at: Self.origin)
        #expect(pane.update(to: Self.ramp(), at: Self.origin).isEmpty)
    }

    @Test func onlyChangedCellsAreWritten() {
        var pane = ImagePane(encoder: ANSIEncoder())
        let before = Self.ramp()
        let full = pane.update(to: before, at: Self.origin)
        var after = before
        after[5, 3] = Cell(glyph: "▀", fg: .rgb(255, 0, 0), bg: .rgb(0, 0, 255))
        after[30, 7] = Cell(glyph: " ", fg: .defaultForeground, bg: .indexed(9))
        let bytes = pane.update(to: after, at: Self.origin)
        #expect(Self.visible(Self.replay(bytes, over: before, size: after)) == Self.visible(after))
        #expect(bytes.count < 80, "two cells cost \(bytes.count) bytes")
        #expect(bytes.count * 20 < full.count)
    }

    @Test func nearbyChangesShareOneCursorMove() {
        let pane = ImagePane(encoder: ANSIEncoder(), mergeGap: 4)
        let before = Self.ramp()
        var after = before
        for column in [3, 6, 20] { after[column, 2] = Cell(glyph: " ", fg: .defaultForeground, bg: .indexed(1)) }
        #expect(pane.changedRuns(row: 2, from: before, to: after) == [3..<7, 20..<21])
        #expect(pane.changedRuns(row: 1, from: before, to: after).isEmpty)
        #expect(pane.changedRuns(row: 1, from: nil, to: after) == [0..<40])
    }

    @Test func invalidatingOrMovingThePaneWritesItAllAgain() {
        var pane = ImagePane(encoder: ANSIEncoder())
        let grid = Self.ramp()
        let full = pane.update(to: grid, at: Self.origin)
        pane.invalidate()
        #expect(pane.update(to: grid, at: Self.origin) == full)
        #expect(pane.update(to: grid, at: CursorPosition(row: 0, column: 0)).count >= full.count - 40)
    }

    @Test(arguments: [false, true])
    func aStepThatChangesHalfTheCellsCostsLessThanAFrame(truecolor: Bool) {
        let colors = truecolor ? Self.truecolorGrey : Self.paletteGrey
        var pane = ImagePane(encoder: ANSIEncoder())
        let before = Self.ramp(cols: 160, rows: 47, colors: colors)
        let full = pane.update(to: before, at: Self.origin)
        var after = before
        let shifted = Self.ramp(cols: 160, rows: 47, shift: 5, colors: colors)
        for row in stride(from: 0, to: 47, by: 2) {
            for column in 0..<160 { after[column, row] = shifted[column, row] }
        }
        let step = pane.update(to: after, at: Self.origin)
        #expect(Self.visible(Self.replay(step, over: before, size: after)) == Self.visible(after))
        #expect(step.count < full.count * 6 / 10, "step \(step.count) bytes, full frame \(full.count)")
    }

    @Test func asciiPanesStayASCII() {
        var pane = ImagePane(encoder: ANSIEncoder(unicode: false))
        var grid = CellGrid(cols: 10, rows: 2, filling: Cell(glyph: "#", fg: .defaultForeground, bg: .defaultBackground))
        grid[3, 1] = Cell(glyph: " ", fg: .defaultForeground, bg: .defaultForeground)
        #expect(pane.update(to: grid, at: Self.origin).allSatisfy { $0 < 0x80 })
    }
}
