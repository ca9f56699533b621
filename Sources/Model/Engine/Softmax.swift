import Foundation

/// Which keys each sequence of a batch may attend to: a padded batch of reports of different
/// lengths excludes its padding tokens, which would otherwise take a share of every attention row.
public struct KeyMask: Sendable, Equatable {
    public let batch: Int
    public let keys: Int
    /// `[batch · keys]`, true where the key is a real token.
    let allowed: [Bool]

    /// The first `validLengths[b]` keys of sequence `b` are real, the rest padding.
    public init(validLengths: [Int], keys: Int) {
        precondition(validLengths.allSatisfy { $0 >= 0 && $0 <= keys }, "valid lengths \(validLengths) for \(keys) keys")
        batch = validLengths.count
        self.keys = keys
        allowed = validLengths.flatMap { length in (0..<keys).map { $0 < length } }
    }

    /// `allowed[b][k]` says whether sequence `b` may attend to key `k`.
    public init(allowed: [[Bool]]) {
        precondition(!allowed.isEmpty && allowed.allSatisfy { $0.count == allowed[0].count }, "ragged key mask")
        batch = allowed.count
        keys = allowed[0].count
        self.allowed = allowed.flatMap { $0 }
    }
}

extension Graph {
    /// Softmax over the last axis. With `keyMask`, the tensor is `[batch, …, keys]` and a masked
    /// key gets probability exactly 0 (a row with no allowed key is all zeros, not NaN).
    public func softmax(_ x: Variable, keyMask: KeyMask? = nil) -> Variable {
        let width = x.shape.last!, rows = x.value.count / Swift.max(width, 1)
        if let keyMask {
            precondition(x.shape.first == keyMask.batch && width == keyMask.keys,
                         "key mask for \(keyMask.batch) sequences of \(keyMask.keys) keys on scores \(x.shape)")
        }
        let rowsPerSequence = rows / Swift.max(keyMask?.batch ?? 1, 1)
        let output = Tensor(shape: x.shape) { out in
            x.value.withPointer { source in
                parallelRanges(rows, costPerItem: width * 8) { rowRange in
                    for row in rowRange {
                        let allowedBase = (row / rowsPerSequence) * width
                        func allowed(_ k: Int) -> Bool { keyMask?.allowed[allowedBase + k] ?? true }
                        let input = source + row * width, probabilities = out + row * width
                        var largest = -Float.infinity
                        for k in 0..<width where allowed(k) { largest = Swift.max(largest, input[k]) }
                        var total: Float = 0
                        for k in 0..<width {
                            probabilities[k] = allowed(k) ? exp(input[k] - largest) : 0
                            total += probabilities[k]
                        }
                        let inverse = total > 0 ? 1 / total : 0
                        for k in 0..<width { probabilities[k] *= inverse }
                    }
                }
            }
        }
        return record(output, inputs: [x]) { gradient in
            // dx = y · (dy − Σ y · dy) per row; masked keys have y = 0 and so no gradient.
            [Tensor(shape: x.shape) { dx in
                gradient.withPointer { g in output.withPointer { y in
                    parallelRanges(rows, costPerItem: width * 4) { rowRange in
                        for row in rowRange {
                            let base = row * width
                            var dot: Float = 0
                            for k in base..<base + width { dot += y[k] * g[k] }
                            for k in base..<base + width { dx[k] = y[k] * (g[k] - dot) }
                        }
                    }
                } }
            }]
        }
    }
}
