import Testing
import TerminalGraphics

struct NearestColorTests {
    @Test func nearestColor_snapsIntoEachMode() {
        let orange = SIMD3<Float>(250, 130, 20)
        #expect(ColorMode.truecolor.nearestColor(orange) == .rgb(250, 130, 20))
        #expect(ColorMode.palette256.nearestColor(orange) == .indexed(208))   // (255, 135, 0)
        #expect(ColorMode.palette16.nearestColor(orange) == .indexed(3))      // (205, 205, 0) beats red (205, 0, 0)
        #expect(ColorMode.monochrome.nearestColor(orange) == .defaultForeground)
        #expect(ColorMode.palette256.nearestColor(SIMD3(repeating: 100)) == .indexed(241))  // grey ramp 98
    }
}
