import Testing
import TerminalGraphics

/// Glyph shapes, checked through reconstruction of single white-on-black cells.
struct GlyphTests {
    private func shape(_ glyph: Unicode.Scalar) -> [[Bool]] {
        let image = reconstruct(CellGrid(cols: 1, rows: 1, cells: [Cell(glyph: glyph, fg: .rgb(255, 255, 255), bg: .rgb(0, 0, 0))]))
        return (0..<8).map { y in (0..<8).map { x in image[x, y].x > 127 } }
    }

    private func rectangle(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> [[Bool]] {
        (0..<8).map { y in (0..<8).map { x in x >= x0 && x < x1 && y >= y0 && y < y1 } }
    }

    @Test func blockElements_haveTheirShapes() {
        #expect(shape("▀") == rectangle(0, 0, 8, 4))
        #expect(shape("▁") == rectangle(0, 7, 8, 8))
        #expect(shape("▇") == rectangle(0, 1, 8, 8))
        #expect(shape("▏") == rectangle(0, 0, 1, 8))
        #expect(shape("▉") == rectangle(0, 0, 7, 8))
        #expect(shape("▕") == rectangle(7, 0, 8, 8))
        #expect(shape("▔") == rectangle(0, 0, 8, 1))
        #expect(shape("▝") == rectangle(4, 0, 8, 4))
        #expect(shape(" ") == rectangle(0, 0, 0, 0))
        #expect(shape("█") == rectangle(0, 0, 8, 8))
    }

    @Test func sextants_splitRowsThreeTwoThree() {
        #expect(shape("\u{1FB00}") == rectangle(0, 0, 4, 3))                      // sextant-1
        #expect(shape("\u{1FB07}") == rectangle(4, 3, 8, 5))                      // sextant-4
        #expect(shape("\u{1FB0B}") == rectangle(0, 3, 8, 5))                      // sextant-34
        #expect(shape("\u{1FB14}") == rectangle(4, 0, 8, 3).enumerated().map { y, row in
            row.enumerated().map { x, set in set || (x < 4 && y >= 3) }
        })                                                                        // sextant-235
        let allButFirst = rectangle(0, 0, 8, 8).enumerated().map { y, row in row.enumerated().map { x, _ in !(x < 4 && y < 3) } }
        #expect(shape("\u{1FB3B}") == allButFirst)                                // sextant-23456
    }

    @Test func braille_dotsAreFourByTwoBlocks() {
        #expect(shape("\u{2801}") == rectangle(0, 0, 4, 2))                       // dot 1
        #expect(shape("\u{2880}") == rectangle(4, 6, 8, 8))                       // dot 8
    }

    @Test func rampCharacters_blendByCoverage() {
        let image = reconstruct(CellGrid(cols: 2, rows: 1, cells: [
            Cell(glyph: "@", fg: .defaultForeground, bg: .defaultBackground),
            Cell(glyph: "-", fg: .defaultForeground, bg: .defaultBackground),
        ]))
        #expect(image[0, 0] == SIMD3(repeating: 255))
        #expect(image[8, 0] == SIMD3(repeating: 255 * 3 / 9))
    }

    @Test func defaultColours_areWhiteOnBlack() {
        #expect(TerminalColor.defaultForeground.rgbValue == RGB(255, 255, 255))
        #expect(TerminalColor.defaultBackground.rgbValue == RGB(0, 0, 0))
        #expect(TerminalColor.indexed(12).rgbValue == RGB(92, 92, 255))
        #expect(TerminalColor.indexed(16).rgbValue == RGB(0, 0, 0))
        #expect(TerminalColor.indexed(231).rgbValue == RGB(255, 255, 255))
        #expect(TerminalColor.indexed(110).rgbValue == RGB(135, 175, 215))
        #expect(TerminalColor.indexed(255).rgbValue == RGB(238, 238, 238))
    }
}
