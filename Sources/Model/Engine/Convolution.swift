/// 2-D convolution as matrix products (im2col + `sgemm`), one image at a time on the engine's threads.
///
/// An image's patches are laid out as the columns of a matrix `[C·kh·kw, outH·outW]` (im2col), and
/// the layer is the product of the weight `[outC, C·kh·kw]` with it, which is already that image's
/// output in NCHW. The images of a batch are split over the cores, each task building the columns
/// of its own images in its own scratch and multiplying them with OpenBLAS on its own thread (see
/// `multiplyMatrices`). Measured on the two-core server against one wide product of all the images
/// split by OpenBLAS: that product had to be copied back into NCHW, its column matrix (16 MB) left
/// the cache, and OpenBLAS's threads spun on `sched_yield` between products while the engine's
/// threads built the next columns; a 64-slice suggestion spent a quarter of its time so.
///
/// A 1×1 convolution at stride 1 without padding (the slice context, the cell head) reads the
/// image itself as its column matrix. Every output element is written by one task with a fixed
/// order of summation, and the weight gradient sums the images in fixed groups and the groups in
/// order, so results are the same bit for bit on any number of threads.
extension Graph {
    /// `x` `[N, C, H, W]` convolved with `weight` `[outC, C, kh, kw]` plus `bias` `[outC]`, with
    /// zero padding of `padding` pixels on every side; the output is
    /// `[N, outC, (H + 2·padding − kh) / stride + 1, (W + 2·padding − kw) / stride + 1]`.
    public func conv2d(_ x: Variable, weight: Variable, bias: Variable? = nil, stride: Int = 1, padding: Int = 0) -> Variable {
        precondition(x.shape.count == 4 && weight.shape.count == 4 && weight.shape[1] == x.shape[1],
                     "convolution of input \(x.shape) (want [N, C, H, W]) with weight \(weight.shape) (want [outC, C, kh, kw])")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "bias \(bias!.shape) for \(weight.shape[0]) output channels")
        let geometry = ConvolutionGeometry(input: x.shape, weight: weight.shape, stride: stride, padding: padding)
        let (pixels, rows, outputChannels) = (geometry.outputPixels, geometry.columnRows, geometry.outputChannels)
        let output = Tensor(shape: geometry.outputShape) { out in
            x.value.withPointer { images in weight.value.withPointer { w in
                let biases = bias?.value.scalars
                geometry.forEachImage { image, scratch in
                    let target = out + image * outputChannels * pixels
                    // The bias first, and the product added to it: one pass over the output fewer.
                    for channel in 0..<outputChannels {
                        (target + channel * pixels).initialize(repeating: biases?[channel] ?? 0, count: pixels)
                    }
                    multiplyMatrices(w, geometry.columns(of: images, image: image, scratch: scratch), into: target,
                                     m: outputChannels, n: pixels, k: rows, accumulate: true)
                }
            } }
        }
        return record(output, inputs: [x, weight] + (bias.map { [$0] } ?? [])) { gradient in
            gradient.withPointer { g in x.value.withPointer { images in weight.value.withPointer { w in
                // (In explanation mode the first layer needs neither.)
                let dx = !x.requiresGradient ? nil : Tensor(shape: x.shape) { dx in
                    let imageSize = geometry.channels * geometry.height * geometry.width
                    geometry.forEachImage { image, scratch in
                        // dColumns = Wᵀ · dY, then each patch's gradient added back to its pixels.
                        let target = dx + image * imageSize
                        let dy = g + image * outputChannels * pixels
                        if geometry.readsImageAsColumns {
                            multiplyMatrices(w, dy, into: target, m: rows, n: pixels, k: outputChannels, transposingA: true)
                        } else {
                            multiplyMatrices(w, dy, into: scratch, m: rows, n: pixels, k: outputChannels, transposingA: true)
                            target.initialize(repeating: 0, count: imageSize)
                            geometry.scatterColumns(scratch, into: target)
                        }
                    }
                }
                let dw = !weight.requiresGradient ? nil : geometry.weightGradient(images: images, outputGradient: g)
                let db = bias.flatMap { $0.requiresGradient ? channelSums(gradient, channels: outputChannels) : nil }
                return [dx, dw, db]
            } } }
        }
    }
}

/// The per-channel sums of an NCHW tensor over images and pixels: the gradient of a channel bias.
func channelSums(_ tensor: Tensor, channels: Int) -> Tensor {
    let (outer, _, inner) = split(tensor.shape, at: 1)
    return Tensor(shape: [channels]) { sums in
        tensor.withPointer { t in
            for c in 0..<channels {
                var total = 0.0
                for o in 0..<outer {
                    for i in 0..<inner { total += Double(t[(o * channels + c) * inner + i]) }
                }
                sums[c] = Float(total)
            }
        }
    }
}

/// The shapes of one convolution, the index arithmetic of im2col and its inverse, and the split of
/// a batch over the engine's threads.
struct ConvolutionGeometry {
    let batch, channels, height, width: Int
    let outputChannels, kernelHeight, kernelWidth, stride, padding: Int
    let outputHeight, outputWidth: Int

    /// How many images' weight gradients one task sums before the groups are added up in order: a
    /// constant, so that the sum does not depend on the number of threads.
    static let weightGradientGroup = 4

    init(input: [Int], weight: [Int], stride: Int, padding: Int) {
        precondition(stride > 0 && padding >= 0, "stride \(stride) and padding \(padding)")
        (batch, channels, height, width) = (input[0], input[1], input[2], input[3])
        (outputChannels, kernelHeight, kernelWidth) = (weight[0], weight[2], weight[3])
        (self.stride, self.padding) = (stride, padding)
        outputHeight = (height + 2 * padding - kernelHeight) / stride + 1
        outputWidth = (width + 2 * padding - kernelWidth) / stride + 1
        precondition(height + 2 * padding >= kernelHeight && width + 2 * padding >= kernelWidth,
                     "kernel \(kernelHeight)×\(kernelWidth) larger than the padded \(height)×\(width) image")
    }

    var outputShape: [Int] { [batch, outputChannels, outputHeight, outputWidth] }
    var outputPixels: Int { outputHeight * outputWidth }
    /// One row per (input channel, kernel row, kernel column).
    var columnRows: Int { channels * kernelHeight * kernelWidth }

    /// A 1×1 kernel at stride 1 without padding: an image `[C, H·W]` is its own column matrix.
    var readsImageAsColumns: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }

    /// Runs `body` for every image of the batch, the images split over the engine's threads; each
    /// task lends its images one scratch of a column matrix's size (unused by a 1×1 convolution).
    func forEachImage(_ body: (_ image: Int, _ scratch: UnsafeMutablePointer<Float>) -> Void) {
        forEachTask(over: batch) { images, scratch in
            for image in images { body(image, scratch) }
        }
    }

    /// `dW = Σ dYᵢ · columnsᵢᵀ` over the batch's images `images` with output gradients `outputGradient`
    /// (both NCHW): each group of `weightGradientGroup` images summed by one task, then the groups in order.
    func weightGradient(images: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>) -> Tensor {
        let weightSize = outputChannels * columnRows, group = Self.weightGradientGroup
        let groups = (batch + group - 1) / group
        let partials = Tensor(shape: [groups, weightSize]) { partials in
            forEachTask(over: groups) { groupRange, scratch in
                for index in groupRange {
                    for image in index * group..<Swift.min((index + 1) * group, batch) {
                        multiplyMatrices(outputGradient + image * outputChannels * outputPixels,
                                         columns(of: images, image: image, scratch: scratch), into: partials + index * weightSize,
                                         m: outputChannels, n: columnRows, k: outputPixels, transposingB: true,
                                         accumulate: image > index * group)
                    }
                }
            }
        }
        guard groups > 0 else { return Tensor(zeros: [outputChannels, channels, kernelHeight, kernelWidth]) }
        return Tensor(shape: [outputChannels, channels, kernelHeight, kernelWidth]) { dw in
            partials.withPointer { partials in
                dw.update(from: partials, count: weightSize)
                for index in 1..<groups {
                    for i in 0..<weightSize { dw[i] += partials[index * weightSize + i] }
                }
            }
        }
    }

    /// Splits `0..<count` over the engine's threads, each task with a column matrix of scratch of
    /// its own from the tensor pool (so a stream of studies allocates none once the pool is warm).
    private func forEachTask(over count: Int, _ body: (Range<Int>, UnsafeMutablePointer<Float>) -> Void) {
        let scratchSize = readsImageAsColumns ? 0 : columnRows * outputPixels
        parallelRanges(count, costPerItem: outputChannels * columnRows * outputPixels) { items in
            let (scratch, capacity) = TensorMemory.allocate(scratchSize)
            defer { TensorMemory.recycle(scratch, capacity: capacity) }
            body(items, scratch)
        }
    }

    /// Image `image`'s column matrix `[columnRows, outputPixels]`: the image itself for a 1×1
    /// convolution, else its patches gathered into `scratch`.
    func columns(of images: UnsafePointer<Float>, image: Int, scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        let source = images + image * channels * height * width
        if readsImageAsColumns { return source }
        gatherColumns(of: source, into: scratch)
        return UnsafePointer(scratch)
    }

    /// The output columns `ox` whose input column `ox·stride − padding + kernelColumn` is inside
    /// the image; the others read padding.
    private func validOutputColumns(kernelColumn: Int) -> Range<Int> {
        let offset = kernelColumn - padding
        let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let end = width - 1 - offset < 0 ? 0 : Swift.min(outputWidth, (width - 1 - offset) / stride + 1)
        return first..<Swift.max(first, end)
    }

    /// Visits each (row of one image's column matrix, output row) with the input row it reads
    /// (`nil` for padding): what im2col and its inverse share.
    private func forEachColumnRow(_ body: (_ column: Int, _ inputRow: Int?, _ valid: Range<Int>, _ kernelColumn: Int) -> Void) {
        for c in 0..<channels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let row = (c * kernelHeight + ky) * kernelWidth + kx
                    let valid = validOutputColumns(kernelColumn: kx)
                    for oy in 0..<outputHeight {
                        let iy = oy * stride - padding + ky
                        body(row * outputPixels + oy * outputWidth, iy >= 0 && iy < height ? c * height + iy : nil, valid, kx)
                    }
                }
            }
        }
    }

    /// im2col: the patches of one image `[C, H, W]` as the columns of `columns` `[columnRows, outputPixels]`.
    func gatherColumns(of image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) {
        forEachColumnRow { column, inputRow, valid, kx in
            let target = columns + column
            guard let inputRow else { target.initialize(repeating: 0, count: outputWidth); return }
            let source = image + inputRow * width + kx - padding
            target.initialize(repeating: 0, count: valid.lowerBound)
            if stride == 1 {
                (target + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
            } else {
                for ox in valid { target[ox] = source[ox * stride] }
            }
            (target + valid.upperBound).initialize(repeating: 0, count: outputWidth - valid.upperBound)
        }
    }

    /// The inverse of im2col for gradients: each column entry of one image added to the pixel of
    /// `image` `[C, H, W]` it was read from, in a fixed order.
    func scatterColumns(_ columns: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        forEachColumnRow { column, inputRow, valid, kx in
            guard let inputRow else { return }
            let target = image + inputRow * width + kx - padding
            for ox in valid { target[ox * stride] += columns[column + ox] }
        }
    }
}
