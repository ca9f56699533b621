/// Operations that move elements without arithmetic: for splitting attention heads, flattening
/// feature maps, joining the image and text features, and taking slices of a batch.
extension Graph {
    /// The same elements under another shape (no copy).
    public func reshape(_ x: Variable, to shape: [Int]) -> Variable {
        precondition(shape.reduce(1, *) == x.value.count, "cannot reshape \(x.shape) to \(shape)")
        return record(x.value.reshaped(to: shape), inputs: [x]) { gradient in [gradient.reshaped(to: x.shape)] }
    }

    /// Reorders the axes: output axis `i` is input axis `axes[i]` (`[0, 2, 1, 3]` turns
    /// `[B, T, H, d]` into `[B, H, T, d]`).
    public func permute(_ x: Variable, _ axes: [Int]) -> Variable {
        precondition(axes.sorted() == Array(x.shape.indices), "\(axes) is not a permutation of the axes of \(x.shape)")
        var inverse = axes
        for (i, axis) in axes.enumerated() { inverse[axis] = i }
        return record(permuted(x.value, axes), inputs: [x]) { [inverse] gradient in [permuted(gradient, inverse)] }
    }

    /// Joins tensors along `axis`; all other extents must agree.
    public func concatenate(_ parts: [Variable], axis: Int) -> Variable {
        precondition(!parts.isEmpty, "nothing to concatenate")
        let shape = parts[0].shape
        for part in parts {
            precondition(part.shape.count == shape.count && part.shape.indices.allSatisfy { $0 == axis || part.shape[$0] == shape[$0] },
                         "cannot concatenate \(part.shape) with \(shape) along axis \(axis)")
        }
        let extents = parts.map { $0.shape[axis] }
        var outputShape = shape
        outputShape[axis] = extents.reduce(0, +)
        let (outer, total, inner) = split(outputShape, at: axis)
        let output = Tensor(shape: outputShape) { out in
            var start = 0
            for (part, extent) in zip(parts, extents) {
                part.value.withPointer { source in
                    for o in 0..<outer {
                        (out + (o * total + start) * inner).update(from: source + o * extent * inner, count: extent * inner)
                    }
                }
                start += extent
            }
        }
        return record(output, inputs: parts) { gradient in
            var start = 0
            return extents.map { extent in
                defer { start += extent }
                return cut(gradient, axis: axis, range: start..<start + extent)
            }
        }
    }

    /// The elements at `range` along `axis` (a study's slices out of a batch, the first token).
    public func slice(_ x: Variable, axis: Int, range: Range<Int>) -> Variable {
        precondition(range.lowerBound >= 0 && range.upperBound <= x.shape[axis], "range \(range) outside axis \(axis) of \(x.shape)")
        return record(cut(x.value, axis: axis, range: range), inputs: [x]) { gradient in
            let (outer, extent, inner) = split(x.shape, at: axis)
            return [Tensor(shape: x.shape) { dx in
                dx.initialize(repeating: 0, count: x.value.count)
                gradient.withPointer { g in
                    for o in 0..<outer {
                        (dx + (o * extent + range.lowerBound) * inner).update(from: g + o * range.count * inner, count: range.count * inner)
                    }
                }
            }]
        }
    }
}

private func cut(_ tensor: Tensor, axis: Int, range: Range<Int>) -> Tensor {
    let (outer, extent, inner) = split(tensor.shape, at: axis)
    var shape = tensor.shape
    shape[axis] = range.count
    return Tensor(shape: shape) { out in
        tensor.withPointer { source in
            for o in 0..<outer {
                (out + o * range.count * inner).update(from: source + (o * extent + range.lowerBound) * inner, count: range.count * inner)
            }
        }
    }
}

/// `tensor` with its axes reordered: an odometer over the output's indices, with the innermost
/// output axis as a strided loop over the input.
private func permuted(_ tensor: Tensor, _ axes: [Int]) -> Tensor {
    let shape = axes.map { tensor.shape[$0] }
    var inputStrides = Array(repeating: 1, count: tensor.rank)
    for axis in stride(from: tensor.rank - 2, through: 0, by: -1) { inputStrides[axis] = inputStrides[axis + 1] * tensor.shape[axis + 1] }
    let strides = axes.map { inputStrides[$0] }
    guard let innerExtent = shape.last, tensor.count > 0 else { return tensor.reshaped(to: shape) }
    let innerStride = strides.last!
    return Tensor(shape: shape) { out in
        tensor.withPointer { source in
            var index = Array(repeating: 0, count: shape.count)
            var offset = 0
            for row in 0..<tensor.count / innerExtent {
                for i in 0..<innerExtent { out[row * innerExtent + i] = source[offset + i * innerStride] }
                // Advance the odometer over the outer axes.
                var axis = shape.count - 2
                while axis >= 0 {
                    index[axis] += 1
                    offset += strides[axis]
                    if index[axis] < shape[axis] { break }
                    offset -= strides[axis] * shape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }
}
