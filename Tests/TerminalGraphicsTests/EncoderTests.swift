import Testing
import LightboxTestSupport
import TerminalGraphics

struct EncoderTests {
    private static let crop = TestImages.crop(Fixtures.ct, columns: 50..<90, rows: 15..<35)

    private func decodedPicture(_ bytes: [UInt8], like grid: CellGrid) -> RGBImage {
        reconstruct(ANSIDecoder.decode(bytes, cols: grid.cols, rows: grid.rows).grid)
    }

    /// Counts what a naive encoder writes: a full fg+bg SGR before every cell.
    private func naiveByteCount(_ grid: CellGrid) -> Int {
        var output = [UInt8]()
        for row in 0..<grid.rows {
            for column in 0..<grid.cols {
                let cell = grid.cell(atColumn: column, row: row)
                output += Array("\u{1B}[\(sgr(cell.fg, background: false));\(sgr(cell.bg, background: true))m".utf8)
                output += Array(String(Character(cell.glyph)).utf8)
            }
            output += Array("\u{1B}[0m\n".utf8)
        }
        return output.count
    }

    private func sgr(_ color: TerminalColor, background: Bool) -> String {
        let base = background ? 48 : 38
        switch color {
        case let .rgb(r, g, b): return "\(base);2;\(r);\(g);\(b)"
        case let .indexed(index): return "\(base);5;\(index)"
        case .defaultForeground, .defaultBackground: return background ? "49" : "39"
        }
    }

    @Test(arguments: CellGeometry.allCases, ColorMode.allCases)
    func encodeThenDecode_givesTheSamePicture(_ geometry: CellGeometry, _ mode: ColorMode) {
        let (gray, overlay) = Fixtures.overlayScene
        let grid = CellRenderer(geometry: geometry, colorMode: mode).render(gray, overlay: overlay)
        let bytes = ANSIEncoder(unicode: geometry != .ascii).encode(grid)
        #expect(decodedPicture(bytes, like: grid) == reconstruct(grid))
    }

    @Test(arguments: ColorMode.allCases)
    func minimalEncoder_writesFewerBytesThanNaive(_ mode: ColorMode) {
        let grid = CellRenderer(geometry: .half, colorMode: mode).render(Self.crop)
        #expect(ANSIEncoder().encode(grid).count < naiveByteCount(grid))
    }

    @Test(arguments: [TerminalColor.rgb(10, 20, 30), .indexed(244), .indexed(3)])
    func uniformRow_emitsExactlyOneSGR(_ color: TerminalColor) {
        let grid = CellGrid(cols: 30, rows: 1, filling: Cell(glyph: " ", fg: color, bg: color))
        var pen = ANSIEncoder.Pen.reset, segment = [UInt8]()
        ANSIEncoder().encodeSegment(grid, row: 0, columns: 0..<30, pen: &pen, into: &segment)
        #expect(ANSIDecoder.decode(segment, cols: 30, rows: 1).sgrCount == 1)
        // The stdout form adds only the closing reset.
        #expect(ANSIDecoder.decode(ANSIEncoder().encode(grid), cols: 30, rows: 1).sgrCount == 2)
    }

    @Test func complementarySwap_keepsTheColours() {
        let a = TerminalColor.indexed(200), b = TerminalColor.indexed(33)
        let grid = CellGrid(cols: 3, rows: 1, cells: [
            Cell(glyph: "▀", fg: a, bg: b), Cell(glyph: "▀", fg: b, bg: a), Cell(glyph: " ", fg: a, bg: a),
        ])
        let bytes = ANSIEncoder().encode(grid)
        #expect(bytes == Array("\u{1B}[38;5;200;48;5;33m▀▄█\u{1B}[0m\n".utf8))
    }

    /// `3x`/`9x`/`4x`/`10x` for system colours; the first cell is drawn as ▄ with swapped colours because
    /// `94;41` is a byte shorter than `31;104`.
    @Test func shortestColourForms_areUsed() {
        let grid = CellGrid(cols: 3, rows: 1, cells: [
            Cell(glyph: "▀", fg: .indexed(1), bg: .indexed(12)),
            Cell(glyph: "▀", fg: .indexed(9), bg: .indexed(4)),
            Cell(glyph: "▀", fg: .rgb(1, 2, 3), bg: .indexed(4)),
        ])
        let text = String(decoding: ANSIEncoder().encode(grid), as: UTF8.self)
        #expect(text == "\u{1B}[94;41m▄\u{1B}[91;44m▀\u{1B}[38;2;1;2;3m▀\u{1B}[0m\n")
    }

    @Test func monochrome_prefersComplementOverReverseVideo() {
        let grid = CellGrid(cols: 1, rows: 1, cells: [Cell(glyph: "▀", fg: .defaultBackground, bg: .defaultForeground)])
        #expect(ANSIEncoder().encode(grid) == Array("▄\u{1B}[0m\n".utf8))
    }

    @Test func monochrome_braille_usesReverseVideo() {
        let grid = CellGrid(cols: 2, rows: 1, cells: [
            Cell(glyph: "\u{2801}", fg: .defaultBackground, bg: .defaultForeground),
            Cell(glyph: "\u{2802}", fg: .defaultForeground, bg: .defaultBackground),
        ])
        let bytes = ANSIEncoder().encode(grid)
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[7m\u{2801}\u{1B}[0m\u{2802}\u{1B}[0m\n")
        #expect(decodedPicture(bytes, like: grid) == reconstruct(grid))
    }

    @Test(arguments: ColorMode.allCases)
    func asciiOutput_staysASCII(_ mode: ColorMode) {
        let grid = CellRenderer(geometry: .ascii, colorMode: mode).render(Self.crop)
        #expect(ANSIEncoder(unicode: false).encode(grid).allSatisfy { $0 < 0x80 })
    }

    @Test func segments_atCursorPositions_chainThePen() {
        let grid = CellRenderer(geometry: .quadrant, colorMode: .palette256).render(Self.crop)
        let encoder = ANSIEncoder()
        var pen = ANSIEncoder.Pen.reset, bytes = [UInt8]()
        for row in [7, 3, 12] {
            encoder.encodeSegment(grid, row: row, columns: 5..<25, cursor: CursorPosition(row: row, column: 5), pen: &pen, into: &bytes)
        }
        let decoded = ANSIDecoder.decode(bytes, cols: grid.cols, rows: grid.rows).grid
        for row in [7, 3, 12] {
            let expected = CellGrid(cols: 20, rows: 1, cells: (5..<25).map { grid.cell(atColumn: $0, row: row) })
            let actual = CellGrid(cols: 20, rows: 1, cells: (5..<25).map { decoded.cell(atColumn: $0, row: row) })
            #expect(reconstruct(actual) == reconstruct(expected))
        }
        #expect(String(decoding: bytes.prefix(6), as: UTF8.self) == "\u{1B}[8;6H")
    }

    @Test func region_encodesOnlyTheRequestedCells() {
        let grid = CellRenderer(geometry: .half, colorMode: .truecolor).render(Self.crop)
        let bytes = ANSIEncoder().encode(grid, columns: 10..<20, rows: 4..<6)
        let decoded = ANSIDecoder.decode(bytes, cols: 10, rows: 2).grid
        let expected = CellGrid(cols: 10, rows: 2, cells: (4..<6).flatMap { row in (10..<20).map { grid.cell(atColumn: $0, row: row) } })
        #expect(reconstruct(decoded) == reconstruct(expected))
    }
}
