import Testing
import TerminalGraphics

struct BrailleCanvasTests {
    @Test func dots_mapToBrailleBits() {
        var canvas = BrailleCanvas(cols: 2, rows: 1)
        canvas.set(x: 0, y: 0)
        canvas.set(x: 1, y: 3)
        canvas.set(x: 3, y: 2)
        let grid = canvas.cells(ink: .indexed(46), paper: .indexed(16))
        #expect(grid.cell(atColumn: 0, row: 0).glyph == "\u{2881}")  // dots 1 and 8
        #expect(grid.cell(atColumn: 1, row: 0).glyph == "\u{2820}")  // dot 6
    }

    @Test func emptyCells_areSpaces_andOffCanvasDotsAreIgnored() {
        var canvas = BrailleCanvas(cols: 3, rows: 2)
        canvas.set(x: -1, y: 0)
        canvas.set(x: 6, y: 0)
        canvas.set(x: 0, y: 8)
        #expect(canvas.cells(ink: .indexed(46), paper: .indexed(16)).cells.allSatisfy { $0.glyph == " " })
    }

    @Test func line_coversBothEndsWithoutGaps() {
        var canvas = BrailleCanvas(cols: 10, rows: 5)
        canvas.drawLine(fromX: 0, y: 19, toX: 19, y: 0)
        for x in 0..<20 { #expect(canvas.isSet(x: x, y: 19 - x)) }
        #expect(!canvas.isSet(x: 0, y: 0))
    }

    @Test func plot_drawsTheROCDiagonalBottomLeftToTopRight() {
        var canvas = BrailleCanvas(cols: 20, rows: 10)
        canvas.plot([SIMD2(0, 0), SIMD2(0.5, 0.5), SIMD2(1, 1)], xRange: 0...1, yRange: 0...1, color: .indexed(196))
        #expect(canvas.isSet(x: 0, y: canvas.dotHeight - 1))
        #expect(canvas.isSet(x: canvas.dotWidth - 1, y: 0))
        let grid = canvas.cells(ink: .indexed(250), paper: .indexed(16))
        #expect(grid.cell(atColumn: 0, row: 9).fg == .indexed(196))
        #expect(grid.cell(atColumn: 0, row: 0).glyph == " ")
    }

    @Test func plot_survivesNonFiniteAndFarPoints() {
        var canvas = BrailleCanvas(cols: 4, rows: 2)
        canvas.plot([SIMD2(0, 0), SIMD2(.nan, 1), SIMD2(1e300, -1e300)], xRange: 0...1, yRange: 0...1)
        #expect(canvas.isSet(x: 0, y: canvas.dotHeight - 1))
    }
}
