import Foundation
import Testing
import TerminalGraphics

/// The renderer against an independent brute force (`Reference`): per cell, its error must not exceed the
/// best over every shape of the geometry and every colour choice, up to floating-point rounding.
struct OptimalityTests {
    private func expectOptimal(_ grid: CellGrid, _ image: RGBImage, optimum: [Double],
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let rendered = Reference.cellErrors(reconstruct(grid), image)
        let worse = zip(rendered, optimum).filter { $0 > $1 * (1 + 1e-4) + 0.5 }
        #expect(worse.isEmpty, "\(worse.count) cells above the optimum, e.g. \(worse.prefix(3))", sourceLocation: sourceLocation)
        let renderedTotal = rendered.reduce(0, +), optimalTotal = optimum.reduce(0, +)
        #expect(abs(renderedTotal - optimalTotal) <= optimalTotal * 1e-5 + 1, sourceLocation: sourceLocation)
    }

    @Test(arguments: CellGeometry.allCases)
    func truecolor_grayInput_isExactOptimum(_ geometry: CellGeometry) {
        let image = RGBImage(Fixtures.ctCrop)
        let grid = CellRenderer(geometry: geometry, colorMode: .truecolor).render(Fixtures.ctCrop)
        expectOptimal(grid, image, optimum: Reference.truecolorOptimum(image, geometry: geometry))
    }

    @Test(arguments: CellGeometry.allCases)
    func truecolor_colorInput_isExactOptimum(_ geometry: CellGeometry) {
        let grid = CellRenderer(geometry: geometry, colorMode: .truecolor).render(Fixtures.colorCrop)
        expectOptimal(grid, Fixtures.colorCrop, optimum: Reference.truecolorOptimum(Fixtures.colorCrop, geometry: geometry))
    }

    /// Every (fg, bg) pair of the 240 colours is 57,600 pairs per shape, so the crop shrinks as the number
    /// of shapes grows (20x10 cells for half, quadrant and ascii, 10x5 for eighth and sextant, 4x4 for braille).
    @Test(arguments: CellGeometry.allCases)
    func palette256_matchesPairBruteForce(_ geometry: CellGeometry) {
        let size = switch geometry {
        case .half, .quadrant, .ascii: (cols: 20, rows: 10)
        case .eighth, .sextant: (cols: 10, rows: 5)
        case .braille: (cols: 4, rows: 4)
        }
        for crop in [RGBImage(Fixtures.ctCrop), Fixtures.colorCrop] {
            let columns = (20 - size.cols) / 2..<(20 + size.cols) / 2, rows = (10 - size.rows) / 2..<(10 + size.rows) / 2
            let image = TestImages.crop(crop, columns: columns, rows: rows)
            let grid = CellRenderer(geometry: geometry, colorMode: .palette256).render(image)
            let optimum = Reference.paletteOptimum(image, geometry: geometry, palette: Reference.palette256)
            expectOptimal(grid, image, optimum: optimum)
            #expect(abs(psnr(reconstruct(grid), image) - optimumPSNR(optimum, image)) < 0.3)
        }
    }

    /// The grey fast path on its own, on the whole grey crop (quadrants keep the pair search affordable).
    @Test func palette256_grayInput_matchesPairBruteForce() {
        let grid = CellRenderer(geometry: .quadrant, colorMode: .palette256).render(Fixtures.ctCrop)
        let image = RGBImage(Fixtures.ctCrop)
        expectOptimal(grid, image, optimum: Reference.paletteOptimum(image, geometry: .quadrant, palette: Reference.palette256))
    }

    @Test(arguments: CellGeometry.allCases)
    func palette16_matchesPairBruteForce(_ geometry: CellGeometry) {
        for (gray, image) in [(Fixtures.ctCrop, RGBImage(Fixtures.ctCrop)), (nil, Fixtures.colorCrop)] {
            let renderer = CellRenderer(geometry: geometry, colorMode: .palette16)
            let grid = gray.map { renderer.render($0) } ?? renderer.render(image)
            let optimum = Reference.paletteOptimum(image, geometry: geometry, palette: Reference.palette16)
            expectOptimal(grid, image, optimum: optimum)
            #expect(abs(psnr(reconstruct(grid), image) - optimumPSNR(optimum, image)) < 0.3)
        }
    }

    @Test(arguments: CellGeometry.allCases.filter { $0 != .ascii })
    func monochrome_matchesPairBruteForce(_ geometry: CellGeometry) {
        let renderer = CellRenderer(geometry: geometry, colorMode: .monochrome)
        for (grid, image) in [(renderer.render(Fixtures.ctCrop), RGBImage(Fixtures.ctCrop)), (renderer.render(Fixtures.colorCrop), Fixtures.colorCrop)] {
            expectOptimal(grid, image, optimum: Reference.paletteOptimum(image, geometry: geometry, palette: Reference.monochrome))
        }
    }

    /// Each ramp character, white on black, reads as a uniform grey `i * 255 / 9`.
    @Test func asciiMonochrome_matchesRampBruteForce() {
        let image = Fixtures.colorCrop
        let levels = (0...9).map { SIMD3<Double>(repeating: Double($0) * 255 / 9) }
        let grid = CellRenderer(geometry: .ascii, colorMode: .monochrome).render(image)
        expectOptimal(grid, image, optimum: Reference.paletteOptimum(image, geometry: .ascii, palette: levels))
    }

    private func optimumPSNR(_ cellErrors: [Double], _ image: RGBImage) -> Double {
        10 * log10(255 * 255 * Double(image.pixels.count * 3) / cellErrors.reduce(0, +))
    }
}
