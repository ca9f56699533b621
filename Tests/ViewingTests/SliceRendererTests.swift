import Imaging
import TerminalGraphics
import Testing
import Viewing

@Suite("Slice renderer")
struct SliceRendererTests {
    /// A 64x64 slice at -1000 HU with a 32x32 block of +60 HU in the middle.
    private func blockSlice(rowSpacing: Double = 1, columnSpacing: Double = 1, heatmap: ScalarImage? = nil) -> ViewableSlice {
        var values = [Float](repeating: -1000, count: 64 * 64)
        for y in 16..<48 { for x in 16..<48 { values[y * 64 + x] = 60 } }
        return ViewableSlice(values: ScalarImage(width: 64, height: 64, values: values),
                             rowSpacing: rowSpacing, columnSpacing: columnSpacing, heatmap: heatmap)
    }

    private func luminance(_ cell: Cell) -> Double {
        let fg = cell.fg.rgbValue, bg = cell.bg.rgbValue
        return (Double(fg.r) + Double(bg.r)) / 2
    }

    @Test("the output fills exactly the requested cells")
    func render_fillsRequestedGrid() {
        let renderer = SliceRenderer(geometry: .half, colorMode: .truecolor)
        for (cols, rows) in [(80, 24), (33, 7), (1, 1)] {
            let grid = renderer.render(blockSlice(), state: SliceViewState(window: Window(center: 40, width: 400)),
                                       cols: cols, rows: rows)
            #expect(grid.cols == cols && grid.rows == rows)
        }
    }

    @Test("a square slice in a wide grid gets black bars and keeps its aspect")
    func render_letterboxKeepsAspect() {
        let renderer = SliceRenderer(geometry: .half, colorMode: .truecolor)
        // 40 rows of cells twice as tall as wide show a square image in 80 columns.
        let grid = renderer.render(blockSlice(), state: SliceViewState(window: Window(center: 40, width: 400)),
                                   cols: 160, rows: 40)
        let middleRow = 20
        let bright = (0..<grid.cols).filter { luminance(grid.cell(atColumn: $0, row: middleRow)) > 100 }
        // The block is half the image width: 40 of the 80 image columns, centred.
        #expect(bright.count >= 38 && bright.count <= 42)
        #expect(abs(Double(bright.first! + bright.last!) / 2 - 79.5) <= 1.5)
        // With --stretch the block spans half the grid width instead.
        let stretched = renderer.render(blockSlice(), state: SliceViewState(window: Window(center: 40, width: 400)),
                                        cols: 160, rows: 40, stretch: true)
        let wide = (0..<160).filter { luminance(stretched.cell(atColumn: $0, row: middleRow)) > 100 }
        #expect(wide.count >= 78 && wide.count <= 82)
    }

    @Test("pixel spacing sets the physical aspect")
    func render_anisotropicSpacing() {
        let renderer = SliceRenderer(geometry: .half, colorMode: .truecolor)
        // Rows 2 mm apart: the image is twice as tall as wide, so 40 rows need only 40 columns.
        let grid = renderer.render(blockSlice(rowSpacing: 2, columnSpacing: 1),
                                   state: SliceViewState(window: Window(center: 40, width: 400)), cols: 160, rows: 40)
        let bright = (0..<grid.cols).filter { luminance(grid.cell(atColumn: $0, row: 20)) > 100 }
        #expect(bright.count >= 19 && bright.count <= 21)
    }

    @Test("zoom 2 about the centre shows only the block")
    func render_zoomShowsCentre() {
        let renderer = SliceRenderer(geometry: .half, colorMode: .truecolor)
        let grid = renderer.render(blockSlice(), state: SliceViewState(window: Window(center: 40, width: 400), zoom: 2),
                                   cols: 40, rows: 20)
        #expect(grid.cells.allSatisfy { luminance($0) > 100 })
    }

    @Test("the heatmap tints the image only when the overlay is on")
    func render_overlayOnlyWhenEnabled() {
        let renderer = SliceRenderer(geometry: .half, colorMode: .truecolor)
        let heat = ScalarImage(width: 16, height: 16, values: (0..<256).map { $0 % 16 < 8 ? 1 : 0 })
        let slice = blockSlice(heatmap: heat)
        func coloured(_ grid: CellGrid) -> Int {
            grid.cells.filter { let c = $0.fg.rgbValue; return c.r != c.g || c.g != c.b }.count
        }
        var state = SliceViewState(window: Window(center: 40, width: 400))
        #expect(coloured(renderer.render(slice, state: state, cols: 40, rows: 20)) == 0)
        state.overlay = OverlaySettings(colorMap: .inferno, opacity: 0.5, threshold: 0.5)
        let tinted = renderer.render(slice, state: state, cols: 40, rows: 20)
        #expect(coloured(tinted) > 100)
        // Only the left half of the heatmap is above the threshold.
        #expect((0..<20).allSatisfy { row in
            let c = tinted.cell(atColumn: 39, row: row).fg.rgbValue
            return c.r == c.g && c.g == c.b
        })
    }

    @Test("the PNG composition has square pixels and the windowed grey")
    func composedRGB_squarePixels() {
        let slice = blockSlice(rowSpacing: 1.5, columnSpacing: 0.75)
        let rgb = SliceRenderer.composedRGB(slice, state: SliceViewState(window: Window(center: 40, width: 400)))
        #expect(rgb.width == 64 && rgb.height == 128)
        // Air is black; +60 HU in a W400 L40 window is (60 - 39.5) / 399 + 0.5 of white.
        #expect(rgb.bytes[0] == 0)
        let centre = (64 * 64 + 32) * 3
        #expect(abs(Int(rgb.bytes[centre]) - Int((((60 - 39.5) / 399 + 0.5) * 255).rounded())) <= 1)
    }
}
