import Foundation

/// xoshiro256** seeded through SplitMix64: the engine's only source of randomness (weight
/// initialisation, dropout masks, shuffling), so that one seed reproduces a run bit for bit on any
/// machine. The standard library's generator is seeded by the system and cannot be replayed, and
/// the conversions to `Float` and to normal deviates are written out here rather than taken from
/// `Float.random(in:using:)`, whose algorithm the standard library does not promise to keep.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        // SplitMix64 spreads any seed, even 0, over the four words xoshiro needs non-zero.
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// The generator's four words of state, to be saved and given back to `init(words:)`: a training
    /// that resumes from a checkpoint draws the numbers it would have drawn had it never stopped.
    public var words: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// The generator whose state is `words` (four, not all zero: xoshiro's one forbidden state), or nil.
    public init?(words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// Uniform in [0, 1), from the top 24 bits (a `Float`'s full precision).
    public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// A standard normal deviate (Box–Muller in `Double`).
    public mutating func nextNormal() -> Float {
        let u1 = (Double(next() >> 11) + 1) * 0x1p-53  // (0, 1]: the logarithm stays finite
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// A generator for a sub-task (one layer's initialisation, one training step's dropout) whose
    /// stream does not depend on how many numbers the sub-tasks before it drew.
    public mutating func split() -> RandomGenerator { RandomGenerator(seed: next()) }
}

extension Tensor {
    /// Normal with mean 0: He initialisation uses `sqrt(2 / fanIn)` for layers followed by ReLU.
    public static func randomNormal(shape: [Int], standardDeviation: Float, using random: inout RandomGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in random.nextNormal() * standardDeviation })
    }

    /// Uniform in [-bound, bound): Xavier initialisation uses `sqrt(6 / (fanIn + fanOut))`.
    public static func randomUniform(shape: [Int], bound: Float, using random: inout RandomGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in (random.nextUniform() * 2 - 1) * bound })
    }
}
