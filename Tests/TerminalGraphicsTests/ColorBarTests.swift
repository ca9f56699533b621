import Testing
import TerminalGraphics

struct ColorBarTests {
    private func text(_ grid: CellGrid, row: Int) -> String {
        String(String.UnicodeScalarView((0..<grid.cols).map { grid.cell(atColumn: $0, row: row).glyph }))
    }

    @Test func vertical_hasMaximumOnTopAndCaptionsBeside() {
        let grid = ColorBar.cells(colorMap: .viridis, length: 10, orientation: .vertical, colorMode: .truecolor,
                                  unicode: true, minLabel: "0", maxLabel: "1873 HU")
        #expect(grid.rows == 10 && grid.cols == 9)
        #expect(text(grid, row: 0) == "▀ 1873 HU")
        #expect(text(grid, row: 9) == "▀ 0      ")
        let top = grid.cell(atColumn: 0, row: 0), bottom = grid.cell(atColumn: 0, row: 9)
        #expect(top.fg.rgbValue.g > bottom.bg.rgbValue.g)   // viridis runs from purple to yellow
    }

    @Test func horizontal_putsCaptionsUnderTheEnds() {
        let grid = ColorBar.cells(colorMap: .inferno, length: 12, orientation: .horizontal, colorMode: .palette256,
                                  unicode: true, minLabel: "min", maxLabel: "max")
        #expect(grid.rows == 2 && grid.cols == 12)
        #expect(text(grid, row: 0) == String(repeating: "▌", count: 12))
        #expect(text(grid, row: 1) == "min      max")
        #expect(grid.cells.allSatisfy { if case .indexed(let index) = $0.fg { index >= 16 } else { false } })
    }

    @Test func withoutUnicode_usesSpacesAndASCIIText() {
        let grid = ColorBar.cells(colorMap: .turbo, length: 6, orientation: .vertical, colorMode: .palette16,
                                  unicode: false, minLabel: "0", maxLabel: "0.9 µ")
        #expect(grid.cells.allSatisfy { $0.glyph.isASCII })
        #expect(text(grid, row: 0) == "  0.9 ?")
    }

    @Test func monochrome_usesTheDensityRamp() {
        let grid = ColorBar.cells(colorMap: .viridis, length: 10, orientation: .vertical, colorMode: .monochrome,
                                  unicode: true, minLabel: "lo", maxLabel: "hi")
        let bar = (0..<10).map { grid.cell(atColumn: 0, row: $0).glyph }
        let ramp = Array(" .:-=+*#%@".unicodeScalars)
        let ranks = bar.map { ramp.firstIndex(of: $0)! }
        #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(ranks.first! > ranks.last!)
    }
}
