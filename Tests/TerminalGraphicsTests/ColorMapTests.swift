import Testing
import TerminalGraphics

struct ColorMapTests {
    private func luminance(_ c: RGB) -> Double {
        0.2126 * Double(c.r) + 0.7152 * Double(c.g) + 0.0722 * Double(c.b)
    }

    @Test func endpoints_matchThePublishedMaps() {
        #expect(ColorMap.viridis.color(at: 0) == RGB(68, 1, 84))
        #expect(ColorMap.viridis.color(at: 1) == RGB(253, 231, 37))
        #expect(ColorMap.inferno.color(at: 0) == RGB(0, 0, 4))
        #expect(ColorMap.inferno.color(at: 1) == RGB(252, 255, 164))
        #expect(ColorMap.jet.color(at: 0) == RGB(0, 0, 128))
        let green = ColorMap.jet.color(at: 0.5)    // the 256-entry table samples t = 128/255 here
        #expect(green.g == 255 && abs(Int(green.r) - 128) <= 3 && abs(Int(green.b) - 128) <= 3)
        #expect(ColorMap.jet.color(at: 1) == RGB(128, 0, 0))
        // turbo's polynomial fit: dark at 0, dark red at 1, bright green-yellow in the middle.
        let low = ColorMap.turbo.color(at: 0), high = ColorMap.turbo.color(at: 1), middle = ColorMap.turbo.color(at: 0.5)
        #expect(luminance(low) < 40)
        #expect(high.r > 100 && high.g < 30 && high.b < 30)
        #expect(luminance(middle) > 150)
    }

    @Test(arguments: [ColorMap.viridis, .inferno])
    func luminance_risesMonotonically(_ map: ColorMap) {
        let values = (0...255).map { luminance(map.color(at: Float($0) / 255)) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 + 0.75 })
        #expect(values.last! - values.first! > 150)
    }

    @Test(arguments: ColorMap.allCases)
    func outOfRangeInputs_areClamped(_ map: ColorMap) {
        #expect(map.color(at: -3) == map.color(at: 0))
        #expect(map.color(at: 7) == map.color(at: 1))
        #expect(map.color(at: .nan) == map.color(at: 0))
    }
}
