/// Turns one primitive's section into per-pixel coverage, visiting only its bounding box.
///
/// Coverage is a linear ramp one native pixel wide across the boundary. Pixels of a coarser grid
/// that straddle an edge are supersampled at the native pixel centres, so a 128 render's edge pixel
/// gets the mean of the 4x4 native pixels it stands for; interiors of ellipses are filled by row
/// spans without evaluating any distance.

/// The pixel grid of one rendered slice, centred on the scene origin.
struct SliceGrid {
    let matrix: Int
    let pixelMM: Double
    let z: Double
    /// Subsamples per axis in edge pixels (1 at the native matrix).
    let subsamples: Int
    /// Width of one subsample's edge ramp: the native pixel, whatever the output matrix.
    let rampMM: Double
    private let origin: Double

    init(matrix: Int, fieldOfViewMM: Double, nativeMatrix: Int, z: Double) {
        self.matrix = matrix
        self.z = z
        pixelMM = fieldOfViewMM / Double(matrix)
        subsamples = min(8, max(1, Int((Double(nativeMatrix) / Double(matrix)).rounded())))
        rampMM = pixelMM / Double(subsamples)
        origin = (pixelMM - fieldOfViewMM) / 2
    }

    /// Millimetre coordinate of the centre of pixel column (or row) `i`.
    @inline(__always)
    func centre(_ i: Int) -> Double { origin + Double(i) * pixelMM }

    /// Pixels whose centres lie within [lo, hi] mm, clamped to the matrix.
    func pixels(_ lo: Double, _ hi: Double) -> ClosedRange<Int>? {
        let first = max(0, ((lo - origin) / pixelMM).rounded(.up))
        let last = min(Double(matrix - 1), ((hi - origin) / pixelMM).rounded(.down))
        return first <= last ? Int(first)...Int(last) : nil
    }
}

/// Receives coverage for pixels; implementations decide what coverage means (paint or mask).
protocol CoverageSink {
    /// Pixel (`column`, `row`) is covered by `coverage` in (0, 1]; `y` is the row's coordinate in mm.
    mutating func cover(_ column: Int, _ row: Int, _ coverage: Float, y: Double)
}

/// Blends the paint into HU pixels, honouring the paint's condition on what is already there.
struct HUPainter: CoverageSink {
    let pixels: UnsafeMutableBufferPointer<Float>
    let matrix: Int
    let paint: Paint

    @inline(__always)
    mutating func cover(_ column: Int, _ row: Int, _ coverage: Float, y: Double) {
        let index = row * matrix + column
        let old = pixels[index]
        guard paint.onlyOver.contains(old) else { return }
        let target = paint.hu + paint.huPerMMPosterior * Float(y)
        pixels[index] = old + coverage * (target - old)
    }
}

/// Keeps the largest coverage seen per pixel of a window of the slice: the union of shapes, for
/// lesion masks, which only need the few pixels around a lesion.
struct CoverageUnion: CoverageSink {
    let coverage: UnsafeMutableBufferPointer<Float>
    let columns: ClosedRange<Int>
    let rows: ClosedRange<Int>

    @inline(__always)
    mutating func cover(_ column: Int, _ row: Int, _ value: Float, y: Double) {
        guard columns.contains(column), rows.contains(row) else { return }
        let index = (row - rows.lowerBound) * columns.count + column - columns.lowerBound
        coverage[index] = max(coverage[index], value)
    }
}

func rasterize<Sink: CoverageSink>(_ section: Section, softness: Double, grid: SliceGrid, into sink: inout Sink) {
    let edge = EdgeSampler(section: section, grid: grid, softness: softness)
    let margin = edge.margin
    let box = section.bounds.expanded(by: margin)
    guard let columns = grid.pixels(box.minX, box.maxX), let rows = grid.pixels(box.minY, box.maxY) else { return }
    let ellipses = section.ellipses
    for j in rows {
        let y = grid.centre(j)
        // Where the row may be covered, and where it surely is (nil: nowhere known).
        var run = columns
        var inside: ClosedRange<Double>?
        if let ellipses {
            guard let outer = span(of: ellipses, atY: y, grow: margin),
                  let clipped = grid.pixels(max(outer.lowerBound, box.minX), min(outer.upperBound, box.maxX))
            else { continue }
            run = clipped
            inside = span(of: ellipses, atY: y, grow: -margin)
        }
        // Cut-outs: surely empty deep inside them, to be sampled near them.
        var empty: [ClosedRange<Double>] = [], near: [ClosedRange<Double>] = []
        for cutout in section.cutouts {
            switch cutout {
            case .ellipse(let e):
                if let deep = span(of: [e], atY: y, grow: -margin) { empty.append(deep) }
                if let close = span(of: [e], atY: y, grow: margin) { near.append(close) }
            case .capsule:
                let b = cutout.bounds.expanded(by: margin)
                if (b.minY...b.maxY).contains(y) { near.append(b.minX...b.maxX) }
            }
        }
        for i in run {
            let x = grid.centre(i)
            if empty.contains(where: { $0.contains(x) }) { continue }
            if let inside, inside.contains(x), !near.contains(where: { $0.contains(x) }) {
                sink.cover(i, j, 1, y: y)
            } else {
                let c = edge.coverage(x, y)
                if c > 0 { sink.cover(i, j, c, y: y) }
            }
        }
    }
}

/// Where row `y` crosses all the ellipses, each grown by `grow` (scaled up for elongated ellipses,
/// whose distance estimate is least exact) so no edge pixel is missed and no partial pixel filled.
private func span(of ellipses: [Ellipse2D], atY y: Double, grow: Double) -> ClosedRange<Double>? {
    var lo = -Double.infinity, hi = Double.infinity
    for e in ellipses {
        guard let s = e.span(atY: y, grow: grow * e.elongation) else { return nil }
        lo = max(lo, s.lowerBound)
        hi = min(hi, s.upperBound)
    }
    return lo <= hi ? lo...hi : nil
}

/// Coverage of one pixel: exact 0 or 1 away from the edge, supersampled near it.
private struct EdgeSampler {
    let section: Section
    let ramp: Double
    private let inverseRamp: Double
    /// Distance from the pixel centre beyond which no subsample can be partially covered.
    let margin: Double
    let offsets: [Double]

    init(section: Section, grid: SliceGrid, softness: Double) {
        self.section = section
        ramp = max(grid.rampMM, softness)
        inverseRamp = 1 / ramp
        let n = grid.subsamples
        // The farthest subsample centre lies (n - 1) / 2n pixels from the centre along each axis;
        // a tenth of a pixel more absorbs the error of the approximate distances.
        margin = grid.pixelMM * (0.1 + 0.71 * Double(n - 1) / Double(n)) + 0.5 * ramp
        offsets = (0..<n).map { (Double($0) + 0.5) / Double(n) * grid.pixelMM - grid.pixelMM / 2 }
    }

    @inline(__always)
    private func ramped(_ d: Double) -> Float {
        Float(min(max(0.5 - d * inverseRamp, 0), 1))
    }

    func coverage(_ x: Double, _ y: Double) -> Float {
        let d = section.distance(x, y, cutoff: margin)
        if d >= margin { return 0 }
        if d <= -margin { return 1 }
        if offsets.count == 1 { return ramped(d) }
        var sum: Float = 0
        for dy in offsets {
            for dx in offsets {
                sum += ramped(section.distance(x + dx, y + dy, cutoff: ramp / 2))
            }
        }
        return sum / Float(offsets.count * offsets.count)
    }
}
