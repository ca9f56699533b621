/// Resampling of scalar planes, separable and sparse: each output sample reads
/// only the few inputs it covers. Area averaging along an axis that shrinks
/// (every source pixel counts, no aliasing of noise or thin vessels), bilinear
/// along an axis that grows (zoom).
public enum Resampler {
    /// A rectangle of the source in pixel units; fractional, and may extend
    /// past the image (panned or zoomed out), where `fill` is used.
    public struct Region: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    public static func resample(_ image: ScalarImage, region: Region? = nil, width: Int, height: Int,
                                fill: Float = 0) -> ScalarImage {
        let region = region ?? Region(x: 0, y: 0, width: Double(image.width), height: Double(image.height))
        let xs = AxisWeights(source: image.width, start: region.x, length: region.width, count: width)
        let ys = AxisWeights(source: image.height, start: region.y, length: region.height, count: height)
        // Pass 1: rows of the output from rows of the input (all source columns).
        var partial = [Float](repeating: 0, count: height * image.width)
        image.values.withUnsafeBufferPointer { source in
            partial.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let row = out.baseAddress! + y * image.width
                    for tap in ys.taps(of: y) {
                        let input = source.baseAddress! + tap.index * image.width
                        let w = tap.weight
                        for x in 0..<image.width { row[x] += w * input[x] }
                    }
                }
            }
        }
        // Pass 2: columns, plus `fill` for whatever share fell outside the image.
        var values = [Float](repeating: 0, count: width * height)
        partial.withUnsafeBufferPointer { rows in
            values.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let input = rows.baseAddress! + y * image.width
                    let coveredY = ys.coverage[y]
                    for x in 0..<width {
                        var sum: Float = 0
                        for tap in xs.taps(of: x) { sum += tap.weight * input[tap.index] }
                        out[y * width + x] = sum + (1 - coveredY * xs.coverage[x]) * fill
                    }
                }
            }
        }
        return ScalarImage(width: width, height: height, values: values)
    }
}

/// For each output sample along one axis, the source indices and weights.
struct AxisWeights {
    struct Tap {
        var index: Int
        var weight: Float
    }

    private var offsets: [Int] = [0]
    private var all: [Tap] = []
    /// The share of each output sample that lies inside the source.
    private(set) var coverage: [Float] = []

    init(source: Int, start: Double, length: Double, count: Int) {
        let step = length / Double(count)
        for j in 0..<count {
            var taps: [Tap] = []
            if step > 1 {
                // Area: the output covers [lo, hi) of the source.
                let lo = start + Double(j) * step, hi = lo + step
                var i = Int(lo.rounded(.down))
                while Double(i) < hi {
                    let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
                    if overlap > 0, i >= 0, i < source { taps.append(Tap(index: i, weight: Float(overlap / step))) }
                    i += 1
                }
            } else {
                // Bilinear at the output's centre; edge pixels extend half a pixel.
                let p = start + (Double(j) + 0.5) * step - 0.5
                if p >= -0.5, p <= Double(source) - 0.5 {
                    let clamped = min(max(p, 0), Double(source - 1))
                    let i0 = Int(clamped.rounded(.down)), t = clamped - Double(i0)
                    taps.append(Tap(index: i0, weight: Float(1 - t)))
                    if t > 0, i0 + 1 < source { taps.append(Tap(index: i0 + 1, weight: Float(t))) }
                }
            }
            all += taps
            offsets.append(all.count)
            coverage.append(taps.reduce(0) { $0 + $1.weight })
        }
    }

    func taps(of output: Int) -> ArraySlice<Tap> { all[offsets[output]..<offsets[output + 1]] }
}
