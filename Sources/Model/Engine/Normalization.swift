import Foundation

/// Group, layer and batch normalisation share one kernel: each subtracts the mean of a group of
/// elements and divides by its standard deviation, and they differ only in which elements form a
/// group (`NormalizationGroups`). The learnt per-channel gain and shift are a separate operation,
/// `scaleAndShift`, which is also what batch norm becomes at inference.
extension Graph {
    /// Group normalisation of `[N, C, …]`: the channels of each image in `groups` consecutive
    /// groups, each normalised over its channels and pixels, then `scale` and `shift` `[C]` per
    /// channel. Unlike batch norm it does not depend on the other images of the batch, so it
    /// trains the same on a study of 10 slices as of 64.
    public func groupNorm(_ x: Variable, groups: Int, scale: Variable, shift: Variable, epsilon: Float = 1e-5) -> Variable {
        precondition(x.shape.count >= 2 && x.shape[1] % groups == 0, "\(x.shape[1]) channels in \(groups) groups")
        let groupSize = x.value.count / (x.shape[0] * groups)
        let layout = NormalizationGroups(count: x.shape[0] * groups, groupStride: groupSize, blockCount: 1,
                                         blockLength: groupSize, blockStride: groupSize)
        return scaleAndShift(normalize(x, layout, epsilon: epsilon).normalized, scale: scale, shift: shift, axis: 1)
    }

    /// Layer normalisation over the last axis (each token's features), then `scale` and `shift`.
    public func layerNorm(_ x: Variable, scale: Variable, shift: Variable, epsilon: Float = 1e-5) -> Variable {
        let features = x.shape.last!
        let layout = NormalizationGroups(count: x.value.count / features, groupStride: features, blockCount: 1,
                                         blockLength: features, blockStride: features)
        return scaleAndShift(normalize(x, layout, epsilon: epsilon).normalized, scale: scale, shift: shift, axis: x.shape.count - 1)
    }

    /// `x · scale[c] + shift[c]` with `c` the index along `axis`.
    public func scaleAndShift(_ x: Variable, scale: Variable, shift: Variable, axis: Int) -> Variable {
        let (outer, channels, inner) = split(x.shape, at: axis)
        precondition(scale.shape == [channels] && shift.shape == [channels],
                     "scale \(scale.shape) and shift \(shift.shape) for \(channels) channels along axis \(axis) of \(x.shape)")
        let output = Tensor(shape: x.shape) { out in
            x.value.withPointer { source in scale.value.withPointer { s in shift.value.withPointer { b in
                parallelRanges(outer * channels, costPerItem: inner) { planes in
                    for plane in planes {
                        let c = plane % channels
                        for i in plane * inner..<(plane + 1) * inner { out[i] = source[i] * s[c] + b[c] }
                    }
                }
            } } }
        }
        return record(output, inputs: [x, scale, shift]) { gradient in
            gradient.withPointer { g in x.value.withPointer { source in
                let dx = !x.requiresGradient ? nil : Tensor(shape: x.shape) { dx in
                    scale.value.withPointer { s in
                        parallelRanges(outer * channels, costPerItem: inner) { planes in
                            for plane in planes {
                                let c = plane % channels
                                for i in plane * inner..<(plane + 1) * inner { dx[i] = g[i] * s[c] }
                            }
                        }
                    }
                }
                var dScale = [Double](repeating: 0, count: channels), dShift = dScale
                for plane in 0..<outer * channels {
                    let c = plane % channels
                    for i in plane * inner..<(plane + 1) * inner {
                        dScale[c] += Double(g[i] * source[i])
                        dShift[c] += Double(g[i])
                    }
                }
                return [dx, Tensor(shape: [channels], scalars: dScale.map(Float.init)),
                        Tensor(shape: [channels], scalars: dShift.map(Float.init))]
            } }
        }
    }

    /// Each group of `layout` made mean 0 and variance 1 (the biased variance, as in training),
    /// with the groups' means and variances, which batch norm keeps as running statistics.
    func normalize(_ x: Variable, _ layout: NormalizationGroups, epsilon: Float)
        -> (normalized: Variable, mean: [Float], variance: [Float]) {
        var means = [Float](repeating: 0, count: layout.count), variances = means, inverseDeviations = means
        let output = Tensor(shape: x.shape) { out in
            x.value.withPointer { source in
                means.withUnsafeMutableBufferPointer { means in
                    variances.withUnsafeMutableBufferPointer { variances in
                        inverseDeviations.withUnsafeMutableBufferPointer { inverseDeviations in
                            parallelRanges(layout.count, costPerItem: layout.size) { groups in
                                for group in groups {
                                    let m = Float(layout.sum(group, lanes: { lanesAt(source, $0) }, single: { source[$0] })
                                                  / Double(layout.size))
                                    // Two passes: the variance of values far from 0 keeps its digits.
                                    let variance = layout.sum(group, lanes: { (lanesAt(source, $0) - m) * (lanesAt(source, $0) - m) },
                                                              single: { (source[$0] - m) * (source[$0] - m) }) / Double(layout.size)
                                    let inverseDeviation = Float(1 / (variance + Double(epsilon)).squareRoot())
                                    layout.forEachRun(group) { run in for i in run { out[i] = (source[i] - m) * inverseDeviation } }
                                    (means[group], variances[group], inverseDeviations[group]) = (m, Float(variance), inverseDeviation)
                                }
                            }
                        }
                    }
                }
            }
        }
        let normalized = record(output, inputs: [x]) { [inverseDeviations] gradient in
            // dx = (dy − mean(dy) − y · mean(dy · y)) / σ over each group.
            [Tensor(shape: x.shape) { dx in
                gradient.withPointer { g in output.withPointer { y in
                    parallelRanges(layout.count, costPerItem: layout.size) { groups in
                        for group in groups {
                            let meanGradient = Float(layout.sum(group, lanes: { lanesAt(g, $0) }, single: { g[$0] }) / Double(layout.size))
                            let meanProduct = Float(layout.sum(group, lanes: { lanesAt(g, $0) * lanesAt(y, $0) }, single: { g[$0] * y[$0] })
                                                    / Double(layout.size))
                            let inverseDeviation = inverseDeviations[group]
                            layout.forEachRun(group) { run in
                                for i in run { dx[i] = (g[i] - meanGradient - y[i] * meanProduct) * inverseDeviation }
                            }
                        }
                    }
                } }
            }]
        }
        return (normalized, means, variances)
    }
}

/// Which elements a normalisation treats together: group `g` is `blockCount` runs of
/// `blockLength` contiguous elements, `blockStride` apart, starting at `g · groupStride`. Group
/// and layer norm have one run per group; batch norm's channel `c` is one run of pixels per image.
struct NormalizationGroups {
    let count, groupStride, blockCount, blockLength, blockStride: Int

    var size: Int { blockCount * blockLength }

    /// Calls `body` with each contiguous run of the group's elements.
    @inline(__always)
    func forEachRun(_ group: Int, _ body: (Range<Int>) -> Void) {
        for block in 0..<blockCount {
            let start = group * groupStride + block * blockStride
            body(start..<start + blockLength)
        }
    }

    /// The sum of a term over the group's elements: `lanes(i)` gives the terms of elements
    /// `i..<i+8`, `single(i)` of element `i` alone (the runs' tails). The terms are added in eight
    /// `Float` lanes, which the processor adds at once, over stretches of 1,024 elements, and the
    /// stretches in `Double`: as accurate as a `Double` sum for these statistics, a fixed order
    /// (so reproducible), and several times faster than adding one `Double` after another.
    @inline(__always)
    func sum(_ group: Int, lanes: (Int) -> SIMD8<Float>, single: (Int) -> Float) -> Double {
        var total = 0.0
        forEachRun(group) { run in
            var stretch = run.lowerBound
            while stretch < run.upperBound {
                let end = Swift.min(run.upperBound, stretch + 1024)
                var accumulator = SIMD8<Float>.zero, rest: Float = 0, i = stretch
                while i + 8 <= end {
                    accumulator += lanes(i)
                    i += 8
                }
                while i < end {
                    rest += single(i)
                    i += 1
                }
                total += Double(accumulator.sum()) + Double(rest)
                stretch = end
            }
        }
        return total
    }
}

/// Elements `i..<i+8` of `pointer` as one vector.
@inline(__always)
func lanesAt(_ pointer: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
    UnsafeRawPointer(pointer + i).loadUnaligned(as: SIMD8<Float>.self)
}
