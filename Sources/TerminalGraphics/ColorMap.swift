/// Colour maps for heatmap overlays, as 256-entry tables.
///
/// viridis and inferno interpolate linearly between evenly spaced anchor colours of the published maps
/// (their lightness rises monotonically, which the anchors preserve); turbo evaluates the published
/// degree-5 polynomial fit; jet is the classic piecewise-linear ramp.
public enum ColorMap: String, CaseIterable, Sendable {
    case viridis, inferno, turbo, jet

    /// The colour at `t` (clamped to 0...1; NaN reads as 0).
    public func color(at t: Float) -> RGB {
        RGB(rounding: sample(t))
    }

    /// Table entry for `t`, channels 0...255.
    func sample(_ t: Float) -> SIMD3<Float> {
        table[Self.tableIndex(t)]
    }

    static func tableIndex(_ t: Float) -> Int {
        t.isNaN ? 0 : Int((min(max(t, 0), 1) * 255).rounded())
    }

    var table: [SIMD3<Float>] {
        switch self {
        case .viridis: return Self.viridisTable
        case .inferno: return Self.infernoTable
        case .turbo: return Self.turboTable
        case .jet: return Self.jetTable
        }
    }

    private static func makeTable(_ f: (Float) -> SIMD3<Float>) -> [SIMD3<Float>] {
        (0..<256).map { f(Float($0) / 255) }
    }

    private static func anchored(_ hex: [UInt32]) -> [SIMD3<Float>] {
        let anchors = hex.map { SIMD3(Float($0 >> 16), Float($0 >> 8 & 0xFF), Float($0 & 0xFF)) }
        return makeTable { t in
            let position = t * Float(anchors.count - 1)
            let lower = min(Int(position), anchors.count - 2)
            let f = position - Float(lower)
            return anchors[lower] + (anchors[lower + 1] - anchors[lower]) * f
        }
    }

    /// matplotlib's viridis at t = 0, 1/8, ..., 1.
    private static let viridisTable = anchored([
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    ])

    /// matplotlib's inferno at t = 0, 1/9, ..., 1.
    private static let infernoTable = anchored([
        0x000004, 0x1B0C41, 0x4A0C6B, 0x781C6D, 0xA52C60, 0xCF4446, 0xED6925, 0xFB9B06, 0xF7D13D, 0xFCFFA4,
    ])

    /// Google's turbo, through its published polynomial approximation (coefficients lowest power first).
    private static let turboTable = makeTable { t in
        func poly(_ c: [Float]) -> Float {
            c.reversed().reduce(0) { $0 * t + $1 }
        }
        let r = poly([0.13572138, 4.61539260, -42.66032258, 132.13108234, -152.94239396, 59.28637943])
        let g = poly([0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604])
        let b = poly([0.10667330, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973])
        return SIMD3(r, g, b).clamped(lowerBound: .zero, upperBound: .one) * 255
    }

    /// Each channel is a tent of height 1.5 clipped to 0...1, centred at 3/4 (red), 1/2 (green), 1/4 (blue).
    private static let jetTable = makeTable { t in
        let distance = SIMD3(repeating: 4 * t) - SIMD3<Float>(3, 2, 1)
        let tent = SIMD3(repeating: 1.5) - SIMD3(abs(distance.x), abs(distance.y), abs(distance.z))
        return tent.clamped(lowerBound: .zero, upperBound: .one) * 255
    }
}
