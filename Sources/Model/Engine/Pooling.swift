/// Max and average pooling over square windows of NCHW images, without padding: the output is
/// `(H − size) / stride + 1` high (2×2 with stride 2 halves a 128×128 slice to 64×64).
extension Graph {
    /// The largest value of each window; the gradient goes to that element (the first, on ties).
    public func maxPool2d(_ x: Variable, size: Int = 2, stride: Int = 2) -> Variable {
        let window = PoolingWindow(input: x.shape, size: size, stride: stride)
        // Which input won each window, for the backward pass only.
        var winners = [Int32](repeating: 0, count: recordsBackward(of: [x]) ? window.outputCount : 0)
        let output = Tensor(shape: window.outputShape) { out in
            x.value.withPointer { source in
                winners.withUnsafeMutableBufferPointer { winners in
                    window.forEachOutputRow { outputStart, firstCorner in
                        for ox in 0..<window.outputWidth {
                            let corner = firstCorner + ox * stride
                            var (best, largest) = (corner, source[corner])
                            window.forEachOffset(from: corner) { offset in
                                // Selects rather than branches: on noisy images the branch is a coin toss.
                                let value = source[offset], larger = value > largest
                                best = larger ? offset : best
                                largest = larger ? value : largest
                            }
                            out[outputStart + ox] = largest
                            if !winners.isEmpty { winners[outputStart + ox] = Int32(best) }
                        }
                    }
                }
            }
        }
        return record(output, inputs: [x]) { [winners] gradient in
            [Tensor(shape: x.shape) { dx in
                dx.initialize(repeating: 0, count: x.value.count)
                // Windows may overlap when stride < size, so gradients add, in output order.
                gradient.withPointer { g in for (i, winner) in winners.enumerated() { dx[Int(winner)] += g[i] } }
            }]
        }
    }

    /// The mean of each window.
    public func averagePool2d(_ x: Variable, size: Int = 2, stride: Int = 2) -> Variable {
        let window = PoolingWindow(input: x.shape, size: size, stride: stride)
        let share = 1 / Float(size * size)
        let output = Tensor(shape: window.outputShape) { out in
            x.value.withPointer { source in
                window.forEachOutputRow { outputStart, firstCorner in
                    for ox in 0..<window.outputWidth {
                        var total: Float = 0
                        window.forEachOffset(from: firstCorner + ox * stride) { total += source[$0] }
                        out[outputStart + ox] = total * share
                    }
                }
            }
        }
        return record(output, inputs: [x]) { gradient in
            [Tensor(shape: x.shape) { dx in
                dx.initialize(repeating: 0, count: x.value.count)
                gradient.withPointer { g in
                    // Serial: overlapping windows of one plane would otherwise write the same pixel.
                    window.forEachOutputRow(parallel: false) { outputStart, firstCorner in
                        for ox in 0..<window.outputWidth {
                            window.forEachOffset(from: firstCorner + ox * stride) { dx[$0] += g[outputStart + ox] * share }
                        }
                    }
                }
            }]
        }
    }
}

/// The windows of a pooling: which input elements each output element reads.
struct PoolingWindow {
    let planes, height, width, size, stride, outputHeight, outputWidth: Int
    let outputShape: [Int]

    init(input: [Int], size: Int, stride: Int) {
        precondition(input.count == 4, "pooling takes [N, C, H, W], got \(input)")
        precondition(size > 0 && stride > 0 && input[2] >= size && input[3] >= size,
                     "pooling window \(size) with stride \(stride) on \(input[2])×\(input[3])")
        (planes, height, width, self.size, self.stride) = (input[0] * input[1], input[2], input[3], size, stride)
        outputHeight = (height - size) / stride + 1
        outputWidth = (width - size) / stride + 1
        outputShape = [input[0], input[1], outputHeight, outputWidth]
    }

    var outputCount: Int { planes * outputHeight * outputWidth }

    /// Calls `body(outputStart, firstCorner)` for every row of output elements, with
    /// `firstCorner` the offset of the top-left input element of the row's first window (the
    /// next window's is `stride` further); planes run in parallel unless told otherwise. A call
    /// per row rather than per window: the call would cost more than a window's work.
    func forEachOutputRow(parallel: Bool = true, _ body: (_ outputStart: Int, _ firstCorner: Int) -> Void) {
        func visit(_ planeRange: Range<Int>) {
            for plane in planeRange {
                for oy in 0..<outputHeight {
                    body((plane * outputHeight + oy) * outputWidth, (plane * height + oy * stride) * width)
                }
            }
        }
        if parallel { parallelRanges(planes, costPerItem: height * width) { visit($0) } } else { visit(0..<planes) }
    }

    /// Calls `body` with the offset of each input element of the window at `corner`, row by row.
    @inline(__always)
    func forEachOffset(from corner: Int, _ body: (Int) -> Void) {
        for dy in 0..<size {
            for dx in 0..<size { body(corner + dy * width + dx) }
        }
    }
}
