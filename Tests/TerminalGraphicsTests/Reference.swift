import TerminalGraphics

/// An independent brute-force optimum: every glyph shape a geometry can show (complements included, written
/// out here from the Unicode charts rather than taken from the library) against every colour or colour pair.
enum Reference {
    static func rect(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> UInt64 {
        var mask: UInt64 = 0
        for y in y0..<y1 { for x in x0..<x1 { mask |= 1 << UInt64(y * 8 + x) } }
        return mask
    }

    /// Every union of the given atoms.
    private static func unions(_ atoms: [UInt64]) -> [UInt64] {
        (0..<(1 << atoms.count)).map { subset in
            atoms.indices.reduce(0) { subset & (1 << $1) != 0 ? $0 | atoms[$1] : $0 }
        }
    }

    static func masks(_ geometry: CellGeometry) -> [UInt64] {
        switch geometry {
        case .half:
            return unions([rect(0, 0, 8, 4), rect(0, 4, 8, 8)])
        case .quadrant:
            return unions([rect(0, 0, 4, 4), rect(4, 0, 8, 4), rect(0, 4, 4, 8), rect(4, 4, 8, 8)])
        case .sextant:
            return unions([(0, 3), (3, 5), (5, 8)].flatMap { [rect(0, $0.0, 4, $0.1), rect(4, $0.0, 8, $0.1)] })
        case .eighth:
            let shapes = (0...8).flatMap { k in [rect(0, 8 - k, 8, 8), rect(0, 0, 8, k), rect(0, 0, k, 8), rect(8 - k, 0, 8, 8)] }
            return Array(Set(shapes))
        case .braille:
            return unions((0..<8).map { rect($0 % 2 * 4, $0 / 2 * 2, $0 % 2 * 4 + 4, $0 / 2 * 2 + 2) })
        case .ascii:
            return [0]
        }
    }

    /// Per-cell sums of one partition of a cell: count, channel sums, sum of squares.
    struct Moments {
        var count = 0.0
        var sum = SIMD3<Double>.zero
        var squares = 0.0

        /// SSE of the partition drawn in colour `c`.
        func error(_ c: SIMD3<Double>) -> Double {
            squares - 2 * (c * sum).sum() + count * (c * c).sum()
        }
    }

    static func moments(_ image: RGBImage, col: Int, row: Int, mask: UInt64) -> (fg: Moments, bg: Moments) {
        var fg = Moments(), bg = Moments()
        for y in 0..<8 {
            for x in 0..<8 {
                let p = image[col * 8 + x, row * 8 + y]
                let v = SIMD3<Double>(Double(p.x), Double(p.y), Double(p.z))
                if mask >> UInt64(y * 8 + x) & 1 == 1 {
                    fg.count += 1; fg.sum += v; fg.squares += (v * v).sum()
                } else {
                    bg.count += 1; bg.sum += v; bg.squares += (v * v).sum()
                }
            }
        }
        return (fg, bg)
    }

    /// Truecolor: each partition in its mean rounded to 8 bits; the least SSE over all shapes, per cell.
    static func truecolorOptimum(_ image: RGBImage, geometry: CellGeometry) -> [Double] {
        let shapes = masks(geometry)
        return cells(of: image).map { col, row in
            shapes.map { mask in
                let (fg, bg) = moments(image, col: col, row: row, mask: mask)
                func rounded(_ m: Moments) -> SIMD3<Double> {
                    m.count == 0 ? .zero : (m.sum / m.count).rounded(.toNearestOrAwayFromZero)
                }
                return fg.error(rounded(fg)) + bg.error(rounded(bg))
            }.min()!
        }
    }

    /// Palette: the least SSE over all shapes and every (fg, bg) pair of palette colours, per cell.
    static func paletteOptimum(_ image: RGBImage, geometry: CellGeometry, palette: [SIMD3<Double>]) -> [Double] {
        let shapes = masks(geometry)
        return cells(of: image).map { col, row in
            var best = Double.infinity
            for mask in shapes {
                let (fg, bg) = moments(image, col: col, row: row, mask: mask)
                let fgErrors = palette.map(fg.error), bgErrors = palette.map(bg.error)
                best = min(best, minimumPairSum(fgErrors, bgErrors))
            }
            return best
        }
    }

    private static func minimumPairSum(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var best = Double.infinity
                for i in 0..<a.count {
                    for j in 0..<b.count where a[i] + b[j] < best { best = a[i] + b[j] }
                }
                return best
            }
        }
    }

    /// xterm's default RGB values, written out independently of the library.
    static let palette16: [SIMD3<Double>] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ].map { SIMD3($0.0, $0.1, $0.2) }

    /// Indices 16–255: the 6x6x6 cube and the grey ramp.
    static let palette256: [SIMD3<Double>] = {
        let levels: [Double] = [0, 95, 135, 175, 215, 255]
        let cube = (0..<216).map { SIMD3(levels[$0 / 36], levels[$0 / 6 % 6], levels[$0 % 6]) }
        return cube + (0..<24).map { SIMD3<Double>(repeating: Double(8 + 10 * $0)) }
    }()

    static let monochrome: [SIMD3<Double>] = [.zero, SIMD3(repeating: 255)]

    /// Per-cell SSE between two images of the same size.
    static func cellErrors(_ a: RGBImage, _ b: RGBImage) -> [Double] {
        cells(of: a).map { col, row in
            var sum = 0.0
            for y in 0..<8 {
                for x in 0..<8 {
                    let d = a[col * 8 + x, row * 8 + y] - b[col * 8 + x, row * 8 + y]
                    sum += Double((d * d).sum())
                }
            }
            return sum
        }
    }

    private static func cells(of image: RGBImage) -> [(Int, Int)] {
        (0..<image.height / 8).flatMap { row in (0..<image.width / 8).map { ($0, row) } }
    }
}
