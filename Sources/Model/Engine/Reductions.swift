/// Reductions: a loss from per-element terms, global average pooling, and pooling slice scores
/// into a study score (mean or max over the slice axis). Sums run in `Double` in a fixed order,
/// so a mean over a million activations neither drifts nor changes between runs.
extension Graph {
    /// The sum of all elements, as a scalar.
    public func sum(_ x: Variable) -> Variable { sum(reshape(x, to: [1, x.value.count]), axis: 1, scale: 1, scalarShape: true) }

    /// The mean of all elements, as a scalar.
    public func mean(_ x: Variable) -> Variable {
        sum(reshape(x, to: [1, x.value.count]), axis: 1, scale: 1 / Float(x.value.count), scalarShape: true)
    }

    /// Sums over `axis`, which disappears from the shape.
    public func sum(_ x: Variable, axis: Int) -> Variable { sum(x, axis: axis, scale: 1, scalarShape: false) }

    /// Averages over `axis`, which disappears from the shape.
    public func mean(_ x: Variable, axis: Int) -> Variable {
        sum(x, axis: axis, scale: 1 / Float(x.shape[axis]), scalarShape: false)
    }

    /// `[N, C, H, W]` → `[N, C]`: each channel's mean over the image.
    public func globalAveragePool(_ x: Variable) -> Variable {
        precondition(x.shape.count == 4, "global average pooling takes [N, C, H, W], got \(x.shape)")
        return mean(reshape(x, to: [x.shape[0], x.shape[1], x.shape[2] * x.shape[3]]), axis: 2)
    }

    /// The maximum over `axis`, which disappears from the shape; the gradient goes to the first
    /// maximal element.
    public func max(_ x: Variable, axis: Int) -> Variable {
        let (outer, extent, inner) = split(x.shape, at: axis)
        precondition(extent > 0, "maximum over an empty axis")
        var winners = [Int](repeating: 0, count: outer * inner)
        let output = Tensor(shape: removing(axis, from: x.shape)) { out in
            x.value.withPointer { source in
                for o in 0..<outer {
                    for i in 0..<inner {
                        var best = o * extent * inner + i
                        for k in 1..<extent where source[(o * extent + k) * inner + i] > source[best] { best = (o * extent + k) * inner + i }
                        out[o * inner + i] = source[best]
                        winners[o * inner + i] = best
                    }
                }
            }
        }
        return record(output, inputs: [x]) { [winners] gradient in
            [Tensor(shape: x.shape) { dx in
                dx.initialize(repeating: 0, count: x.value.count)
                for (i, winner) in winners.enumerated() { dx[winner] = gradient[flat: i] }
            }]
        }
    }

    private func sum(_ x: Variable, axis: Int, scale: Float, scalarShape: Bool) -> Variable {
        let (outer, extent, inner) = split(x.shape, at: axis)
        let output = Tensor(shape: scalarShape ? [] : removing(axis, from: x.shape)) { out in
            x.value.withPointer { source in
                // One task per output element: each sum keeps its own fixed order.
                parallelRanges(outer * inner, costPerItem: extent) { outputs in
                    for index in outputs {
                        let (o, i) = index.quotientAndRemainder(dividingBy: inner)
                        var total = 0.0
                        for k in 0..<extent { total += Double(source[(o * extent + k) * inner + i]) }
                        out[index] = Float(total) * scale
                    }
                }
            }
        }
        return record(output, inputs: [x]) { gradient in
            [Tensor(shape: x.shape) { dx in
                gradient.withPointer { g in
                    for o in 0..<outer {
                        for k in 0..<extent {
                            for i in 0..<inner { dx[(o * extent + k) * inner + i] = g[o * inner + i] * scale }
                        }
                    }
                }
            }]
        }
    }
}

func removing(_ axis: Int, from shape: [Int]) -> [Int] {
    var shape = shape
    shape.remove(at: axis)
    return shape
}
