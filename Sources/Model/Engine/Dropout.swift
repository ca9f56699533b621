/// Dropout, in training mode only.
extension Graph {
    /// Zeroes each element with probability `rate` and scales the rest by `1 / (1 − rate)`, so
    /// the expected value is unchanged and inference needs no rescaling. The mask comes from the
    /// graph's random stream, so a seeded graph drops the same elements on every run. Outside
    /// training mode (and at rate 0) it returns `x` itself.
    public func dropout(_ x: Variable, rate: Float) -> Variable {
        precondition(rate >= 0 && rate < 1, "dropout rate \(rate) outside [0, 1)")
        guard isTraining, rate > 0 else { return x }
        let keep = 1 / (1 - rate)
        let mask = Tensor(shape: x.shape, scalars: (0..<x.value.count).map { _ in random.nextUniform() < rate ? 0 : keep })
        let output = Tensor(shape: x.shape) { out in
            x.value.withPointer { source in mask.withPointer { m in for i in 0..<x.value.count { out[i] = source[i] * m[i] } } }
        }
        return record(output, inputs: [x]) { gradient in
            [Tensor(shape: x.shape) { dx in
                gradient.withPointer { g in mask.withPointer { m in for i in 0..<x.value.count { dx[i] = g[i] * m[i] } } }
            }]
        }
    }
}
