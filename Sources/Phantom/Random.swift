/// Seed mixing and a small generator of our own, so that a study's pixels and words depend only on
/// (seed, index) and never on the platform's or the standard library's random algorithms.

/// SplitMix64 finaliser: turns nearby integers (index 0, 1, 2...) into unrelated 64-bit seeds.
func mixBits(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Derives an independent seed from a parent seed and a path of salts (study index, slice, purpose...).
func deriveSeed(_ seed: UInt64, _ salts: UInt64...) -> UInt64 {
    salts.reduce(mixBits(seed)) { mixBits($0 ^ mixBits($1)) }
}

/// Salts naming the independent random streams of one study; changing how one part draws numbers
/// leaves the others untouched.
enum Stream: UInt64 {
    case plan = 1, anatomy, vessels, findings, patient, report, noise
}

/// xoshiro256**: fast, good statistical quality, and fully specified here.
struct PhantomRNG {
    private var s0, s1, s2, s3: UInt64

    init(seed: UInt64) {
        s0 = mixBits(seed)
        s1 = mixBits(s0)
        s2 = mixBits(s1)
        s3 = mixBits(s2)
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// Uniform integer in the range (multiply-high; the bias is below 2^-50 for our small ranges).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// Picks an index with probability proportional to its weight.
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        var r = unit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return i }
        }
        return weights.count - 1
    }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(0...i))
        }
    }

    /// An approximately normal value from one draw (Irwin–Hall of four 16-bit parts): cheap enough
    /// for a value per pixel, and its variance is exactly one.
    mutating func fastGaussian() -> Float {
        let r = next()
        let sum = (r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48)
        return (Float(sum) - 131_070) * (1 / 37_837.0)
    }
}
