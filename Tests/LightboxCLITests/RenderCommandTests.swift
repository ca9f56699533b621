import Foundation
import Imaging
import LightboxTestSupport
import TerminalGraphics
import Testing
import Viewing

/// `lightbox render` as a user runs it: the bytes on stdout are decoded back
/// into cells and compared with the best any renderer could do per cell.
@Suite("lightbox render")
struct RenderCommandTests {
    static let cols = 160, rows = 50

    /// The cells `lightbox render` printed, and the exact image it was asked to draw.
    private func renderKeySlice(colors: String) throws -> (cells: CellGrid, source: RGBImage, bytes: Data) {
        let phantom = Fixtures.phantom
        let slice = phantom.study.keySlice
        let result = Fixtures.lightbox(["render", phantom.folder, "--slice", "\(slice + 1)", "--cols", "\(Self.cols)",
                                        "--rows", "\(Self.rows)", "--cells", "half", "--colors", colors, "--window", "lung"])
        #expect(result.status == 0, "\(result.stderr)")
        let decoded = ANSIDecoder.decode([UInt8](result.stdout), cols: Self.cols, rows: Self.rows)
        let volume = try #require(DicomCatalog.scan(phantom.folder).allSeries.first).loadVolume()
        let source = SliceRenderer(geometry: .half, colorMode: .truecolor)
            .subpixelImage(ViewableSlice(volume: volume, slice: slice),
                           state: SliceViewState(window: WindowPresets.standard.window(named: "lung")!),
                           cols: Self.cols, rows: Self.rows).grey
        return (decoded.grid, RGBImage(source), result.stdout)
    }

    /// The per-cell optimum for half blocks: each cell's top and bottom halves
    /// get the allowed colour nearest their mean; the squared error of a colour
    /// c over a half is Σ(p−mean)² + n·(mean−c)², so this choice is exact.
    private func halfBlockOptimum(_ source: RGBImage, palette: [Float]?) -> RGBImage {
        var best = source
        for cellRow in 0..<Self.rows {
            for cellColumn in 0..<Self.cols {
                for half in 0..<2 {
                    var sum: Float = 0
                    for y in 0..<4 { for x in 0..<8 { sum += source[cellColumn * 8 + x, cellRow * 8 + half * 4 + y].x } }
                    let mean = sum / 32
                    let value = palette.map { entries in entries.min { abs($0 - mean) < abs($1 - mean) }! }
                        ?? mean.rounded()
                    for y in 0..<4 { for x in 0..<8 {
                        best.pixels[(cellRow * 8 + half * 4 + y) * best.width + cellColumn * 8 + x] = SIMD3(repeating: value)
                    } }
                }
            }
        }
        return best
    }

    @Test("160x50 half blocks in truecolor reach the per-cell optimum within 0.2 dB")
    func halfBlocksTruecolor_reachOptimum() throws {
        let (cells, source, _) = try renderKeySlice(colors: "truecolor")
        let achieved = psnr(reconstruct(cells), source)
        let optimum = psnr(halfBlockOptimum(source, palette: nil), source)
        #expect(achieved >= optimum - 0.2, "achieved \(achieved) dB, optimum \(optimum) dB")
        #expect(achieved > 25)
    }

    @Test("160x50 half blocks in 256 colours reach the best the xterm palette allows within 0.3 dB")
    func halfBlocks256_reachPaletteOptimum() throws {
        let (cells, source, rendered) = try renderKeySlice(colors: "256")
        // Grey images can only be matched by grey entries: the cube's diagonal and the ramp.
        let greys = [0, 95, 135, 175, 215, 255].map(Float.init) + (0..<24).map { Float(8 + 10 * $0) }
        let achieved = psnr(reconstruct(cells), source)
        let optimum = psnr(halfBlockOptimum(source, palette: greys), source)
        #expect(achieved >= optimum - 0.3, "achieved \(achieved) dB, optimum \(optimum) dB")
        // Only indices 16–255: the system colours differ between terminals.
        let text = String(decoding: rendered, as: UTF8.self)
        let systemColors = text.matches(of: /\x1B\[([0-9;]*)m/).flatMap { match in
            systemColorParameters(String(match.output.1))
        }
        #expect(systemColors.isEmpty, "system colours used: \(systemColors.prefix(5))")
    }

    /// SGR parameters that name one of the 16 system colours (30–37, 40–47,
    /// 90–97, 100–107, or 38;5;n / 48;5;n with n < 16).
    private func systemColorParameters(_ sgr: String) -> [String] {
        let numbers = sgr.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        var found: [String] = []
        var i = 0
        while i < numbers.count {
            let p = numbers[i]
            if p == 38 || p == 48 {
                if numbers[i + 1] == 5 { if numbers[i + 2] < 16 { found.append(sgr) }; i += 3 } else { i += 5 }
                continue
            }
            if (30...37).contains(p) || (40...47).contains(p) || (90...97).contains(p) || (100...107).contains(p) {
                found.append(sgr)
            }
            i += 1
        }
        return found
    }

    @Test("the output fills exactly the requested cells in every geometry", arguments: ["half", "quad", "sextant", "eighth", "braille", "ascii"])
    func everyGeometry_fillsTheGrid(cells: String) {
        let result = Fixtures.lightbox(["render", Fixtures.phantom.folder, "--cols", "40", "--rows", "12",
                                        "--cells", cells, "--colors", "16"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 12)
        let decoded = ANSIDecoder.decode([UInt8](result.stdout), cols: 40, rows: 12)
        #expect(!decoded.grid.cells.contains { $0.glyph == "?" }, "every cell was written")
        if cells == "ascii" { #expect(result.stdout.allSatisfy { $0 < 0x80 }) }
    }

    @Test("a plain PNG renders, and --png writes the windowed slice")
    func pngInAndOut() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let out = folder + "/slice.png"
        let written = Fixtures.lightbox(["render", Fixtures.phantom.folder, "--window", "400,40", "--png", out])
        #expect(written.status == 0, "\(written.stderr)")
        let png = try PNGCodec.read(out)
        #expect(png.width == 512 && png.height == 512 && png.channels == 3)
        let drawn = Fixtures.lightbox(["render", out, "--cols", "30", "--rows", "10", "--colors", "256"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(ANSIDecoder.decode([UInt8](drawn.stdout), cols: 30, rows: 10).grid.cells.count == 300)
    }

    @Test("an overlay PNG tints the picture with its colour map")
    func overlayTints() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        // A heatmap bright in its left half only.
        let heat = (0..<(16 * 16)).flatMap { i -> [UInt8] in let v: UInt8 = i % 16 < 8 ? 255 : 0; return [v, v, v] }
        try PNGCodec.writeRGB(heat, width: 16, height: 16, to: folder + "/heat.png")
        let result = Fixtures.lightbox(["render", Fixtures.phantom.folder, "--cols", "40", "--rows", "20", "--colors", "truecolor",
                                        "--overlay", folder + "/heat.png", "--colormap", "inferno", "--stretch"])
        #expect(result.status == 0, "\(result.stderr)")
        let grid = ANSIDecoder.decode([UInt8](result.stdout), cols: 40, rows: 20).grid
        func tinted(_ c: Cell) -> Bool { let v = c.fg.rgbValue; return v.r != v.g || v.g != v.b }
        // 18 rows of image, then the colour bar and its captions.
        #expect((0..<18).allSatisfy { tinted(grid.cell(atColumn: 5, row: $0)) })
        #expect((0..<18).allSatisfy { !tinted(grid.cell(atColumn: 35, row: $0)) })
        #expect((0..<40).allSatisfy { tinted(grid.cell(atColumn: $0, row: 18)) })
        let captions = String((0..<40).map { Character(grid.cell(atColumn: $0, row: 19).glyph) })
        #expect(captions.hasPrefix("overlay 0.2") && captions.hasSuffix("1"))
    }

    @Test("bad requests end with one line and a sysexits code")
    func badRequests() {
        let missing = Fixtures.lightbox("render", "/nonexistent/scan")
        #expect(missing.status == 66)
        #expect(missing.stderr == "lightbox: /nonexistent/scan: no such file or folder\n")
        let badWindow = Fixtures.lightbox("render", Fixtures.phantom.folder, "--window", "lungs")
        #expect(badWindow.status == 64)
        #expect(badWindow.stderr.contains("--window 'lungs' is neither a preset"))
        let badSlice = Fixtures.lightbox("render", Fixtures.phantom.folder, "--slice", "999")
        #expect(badSlice.status == 65)
        #expect(badSlice.stderr.contains("slice 999 requested, the series has"))
    }
}
