import Foundation
import Testing
import TerminalGraphics

#if DEBUG
private let optimized = false
#else
private let optimized = true
#endif

/// Prints render and encode times for the 160x50 CT-like slice. Runs only in optimised builds
/// (`swift test -c release`), where the numbers mean something. It asserts nothing about time: machines
/// differ, and a timing assertion would only make the suite flaky.
struct TimingTests {
    @Test(.enabled(if: optimized, "timings are meaningful only in release builds"))
    func timing_printsRenderAndEncodeTimes() {
        let image = Fixtures.ct
        let (gray, overlay) = Fixtures.overlayScene
        let overlayImage = TestImages.resampleBilinear(gray, width: 1280, height: 400)
        let overlayValues = HeatmapOverlay(values: TestImages.resampleBilinear(
            GrayImage(width: gray.width, height: gray.height, pixels: overlay.values), width: 1280, height: 400).pixels,
            colorMap: .turbo, opacity: 0.5, threshold: 0.25)
        for geometry in [CellGeometry.half, .quadrant, .sextant, .eighth, .braille, .ascii] {
            for mode in ColorMode.allCases {
                let renderer = CellRenderer(geometry: geometry, colorMode: mode)
                let encoder = ANSIEncoder(unicode: geometry != .ascii)
                var bytes = 0
                let render = best(of: 5) { _ = renderer.render(image) }
                let both = best(of: 5) { bytes = encoder.encode(renderer.render(image)).count }
                let withOverlay = best(of: 3) { _ = encoder.encode(renderer.render(overlayImage, overlay: overlayValues)) }
                print(String(format: "timing %-8@ %-10@ render %6.2f ms  render+encode %6.2f ms  (%6d bytes)  with overlay %6.2f ms",
                             geometry.rawValue, mode.rawValue, render, both, bytes, withOverlay))
            }
        }
    }

    private func best(of runs: Int, _ body: () -> Void) -> Double {
        (0..<runs).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }.min()!
    }
}
