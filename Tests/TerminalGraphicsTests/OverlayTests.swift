import Testing
import TerminalGraphics

struct OverlayTests {
    private let gray = GrayImage(width: 4, height: 1, pixels: [0, 0.25, 0.5, 1])

    @Test func valuesBelowThreshold_leaveTheGrayUntouched() {
        let overlay = HeatmapOverlay(values: [0.1, 0.29, 0.3, 0.9], colorMap: .inferno, opacity: 0.8, threshold: 0.3)
        let result = composite(gray, overlay: overlay)
        let plain = RGBImage(gray)
        #expect(result.pixels[0] == plain.pixels[0])
        #expect(result.pixels[1] == plain.pixels[1])
        #expect(result.pixels[2] != plain.pixels[2])
        #expect(result.pixels[3] != plain.pixels[3])
    }

    @Test func nanValues_areTransparent() {
        let overlay = HeatmapOverlay(values: [.nan, .nan, .nan, .nan], colorMap: .jet, opacity: 1, threshold: 0)
        #expect(composite(gray, overlay: overlay) == RGBImage(gray))
    }

    @Test(arguments: [Float(0), 0.25, 0.5, 0.75, 1])
    func opacity_blendsLinearly(_ alpha: Float) {
        let values: [Float] = [0.2, 0.4, 0.6, 0.8]
        let result = composite(gray, overlay: HeatmapOverlay(values: values, colorMap: .viridis, opacity: alpha, threshold: 0))
        for index in 0..<4 {
            let base = SIMD3<Float>(repeating: gray.pixels[index] * 255)
            let tint = ColorMap.viridis.color(at: values[index]).vector
            let expected = base * (1 - alpha) + tint * alpha
            let difference = result.pixels[index] - expected
            #expect((difference * difference).max() < 1)
        }
    }

    @Test func noOverlay_isThePlainGray() {
        #expect(composite(gray, overlay: nil) == RGBImage(gray))
    }

    @Test func renderWithOverlay_rendersTheComposite() {
        let (image, overlay) = Fixtures.overlayScene
        let renderer = CellRenderer(geometry: .half, colorMode: .palette256)
        #expect(renderer.render(image, overlay: overlay) == renderer.render(composite(image, overlay: overlay)))
    }
}
