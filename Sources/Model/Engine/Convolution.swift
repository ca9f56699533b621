/// 2-D convolution as a matrix product (im2col + `sgemm`).
///
/// The input patches of a chunk of images are laid out as the columns of one matrix
/// `[C·kh·kw, n·outH·outW]` (im2col), and the layer is then a single product with the weight
/// `[outC, C·kh·kw]`. Putting several images side by side rather than multiplying image by image
/// gives OpenBLAS products wide enough to split over both cores even for the deep layers, whose
/// images are small (32×32 is only 1,024 columns). The chunk is sized so that its column matrix
/// stays near 16 MB, in the graph's reused scratch memory: a 64-slice study does not need a
/// gigabyte of columns, and inference allocates no scratch after the first study.
///
/// Building columns and scattering the product back to NCHW run on all cores, one image per task;
/// the products run on OpenBLAS's threads. Every output element is written by one task with a
/// fixed order of summation, so results do not depend on the scheduling.
extension Graph {
    /// `x` `[N, C, H, W]` convolved with `weight` `[outC, C, kh, kw]` plus `bias` `[outC]`, with
    /// zero padding of `padding` pixels on every side; the output is
    /// `[N, outC, (H + 2·padding − kh) / stride + 1, (W + 2·padding − kw) / stride + 1]`.
    public func conv2d(_ x: Variable, weight: Variable, bias: Variable? = nil, stride: Int = 1, padding: Int = 0) -> Variable {
        precondition(x.shape.count == 4 && weight.shape.count == 4 && weight.shape[1] == x.shape[1],
                     "convolution of input \(x.shape) (want [N, C, H, W]) with weight \(weight.shape) (want [outC, C, kh, kw])")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "bias \(bias!.shape) for \(weight.shape[0]) output channels")
        let geometry = ConvolutionGeometry(input: x.shape, weight: weight.shape, stride: stride, padding: padding,
                                           columnBudget: convolutionColumnBudget)
        let (pixels, rows, outputChannels) = (geometry.outputPixels, geometry.columnRows, geometry.outputChannels)
        let workspace = self.workspace
        let output = Tensor(shape: geometry.outputShape) { out in
            x.value.withPointer { image in weight.value.withPointer { w in
                for chunk in geometry.chunks {
                    let columns = workspace.buffer(.columns, count: rows * chunk.count * pixels)
                    let product = workspace.buffer(.matrix, count: outputChannels * chunk.count * pixels)
                    geometry.gatherColumns(of: image, samples: chunk, into: columns)
                    multiplyMatrices(w, columns, into: product, m: outputChannels, n: chunk.count * pixels, k: rows)
                    geometry.exchange(chunk, matrix: product, images: out, toImages: true)
                }
            } }
            if let bias {
                bias.value.withPointer { b in
                    parallelRanges(geometry.batch * outputChannels, costPerItem: pixels) { planes in
                        for plane in planes {
                            let channelBias = b[plane % outputChannels]
                            for i in plane * pixels..<(plane + 1) * pixels { out[i] += channelBias }
                        }
                    }
                }
            }
        }
        return record(output, inputs: [x, weight] + (bias.map { [$0] } ?? [])) { gradient in
            var dx = x.requiresGradient ? Tensor(zeros: x.shape) : nil
            var dw = weight.requiresGradient ? Tensor(zeros: weight.shape) : nil
            gradient.withPointer { g in x.value.withPointer { image in weight.value.withPointer { w in
                // (In explanation mode the first layer needs neither: then this loop is skipped.)
                for (index, chunk) in geometry.chunks.enumerated() where dx != nil || dw != nil {
                    let gradientMatrix = workspace.buffer(.matrix, count: outputChannels * chunk.count * pixels)
                    geometry.exchange(chunk, matrix: gradientMatrix, images: UnsafeMutablePointer(mutating: g), toImages: false)
                    if dw != nil {
                        // dW += dY · columnsᵀ, summed over the chunks in order.
                        let columns = workspace.buffer(.columns, count: rows * chunk.count * pixels)
                        geometry.gatherColumns(of: image, samples: chunk, into: columns)
                        dw!.withMutablePointer { dw in
                            multiplyMatrices(gradientMatrix, columns, into: dw, m: outputChannels, n: rows, k: chunk.count * pixels,
                                             transposingB: true, accumulate: index > 0)
                        }
                    }
                    if dx != nil {
                        // dColumns = Wᵀ · dY, then each patch's gradient added back to its pixels.
                        let columnGradient = workspace.buffer(.columnGradient, count: rows * chunk.count * pixels)
                        multiplyMatrices(w, gradientMatrix, into: columnGradient, m: rows, n: chunk.count * pixels, k: outputChannels,
                                         transposingA: true)
                        dx!.withMutablePointer { dx in geometry.scatterColumns(columnGradient, samples: chunk, into: dx) }
                    }
                }
            } } }
            let db = bias.flatMap { $0.requiresGradient ? channelSums(gradient, channels: outputChannels) : nil }
            return [dx, dw, db]
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

/// The shapes of one convolution and the index arithmetic of im2col and its inverse.
struct ConvolutionGeometry {
    let batch, channels, height, width: Int
    let outputChannels, kernelHeight, kernelWidth, stride, padding: Int
    let outputHeight, outputWidth: Int

    /// The most elements a chunk's column matrix may have (unless one image needs more).
    let columnBudget: Int

    init(input: [Int], weight: [Int], stride: Int, padding: Int, columnBudget: Int) {
        precondition(stride > 0 && padding >= 0, "stride \(stride) and padding \(padding)")
        (batch, channels, height, width) = (input[0], input[1], input[2], input[3])
        (outputChannels, kernelHeight, kernelWidth) = (weight[0], weight[2], weight[3])
        (self.stride, self.padding, self.columnBudget) = (stride, padding, columnBudget)
        outputHeight = (height + 2 * padding - kernelHeight) / stride + 1
        outputWidth = (width + 2 * padding - kernelWidth) / stride + 1
        precondition(height + 2 * padding >= kernelHeight && width + 2 * padding >= kernelWidth,
                     "kernel \(kernelHeight)×\(kernelWidth) larger than the padded \(height)×\(width) image")
    }

    var outputShape: [Int] { [batch, outputChannels, outputHeight, outputWidth] }
    var outputPixels: Int { outputHeight * outputWidth }
    /// One row per (input channel, kernel row, kernel column).
    var columnRows: Int { channels * kernelHeight * kernelWidth }

    /// The images in groups whose column matrix fits the budget.
    var chunks: [Range<Int>] {
        let size = Swift.max(1, columnBudget / Swift.max(1, columnRows * outputPixels))
        return Swift.stride(from: 0, to: batch, by: size).map { $0..<Swift.min($0 + size, batch) }
    }

    /// The output columns `ox` whose input column `ox·stride − padding + kernelColumn` is inside
    /// the image; the others read padding.
    private func validOutputColumns(kernelColumn: Int) -> Range<Int> {
        let offset = kernelColumn - padding
        let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let end = width - 1 - offset < 0 ? 0 : Swift.min(outputWidth, (width - 1 - offset) / stride + 1)
        return first..<Swift.max(first, end)
    }

    /// Visits, for image `sample` of `chunk`, each (row of the column matrix, output row) with the
    /// input row it reads (`nil` for padding): what im2col and its inverse share.
    private func forEachColumnRow(sample: Int, chunk: Range<Int>,
                                 _ body: (_ column: Int, _ inputRow: Int?, _ valid: Range<Int>, _ kernelColumn: Int) -> Void) {
        let matrixWidth = chunk.count * outputPixels
        for c in 0..<channels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let row = (c * kernelHeight + ky) * kernelWidth + kx
                    let valid = validOutputColumns(kernelColumn: kx)
                    for oy in 0..<outputHeight {
                        let iy = oy * stride - padding + ky
                        let column = row * matrixWidth + (sample - chunk.lowerBound) * outputPixels + oy * outputWidth
                        body(column, iy >= 0 && iy < height ? c * height + iy : nil, valid, kx)
                    }
                }
            }
        }
    }

    /// im2col: the patches of images `samples` as the columns of `columns`, which is
    /// `[columnRows, samples.count · outputPixels]`.
    func gatherColumns(of images: UnsafePointer<Float>, samples: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        parallelRanges(samples.count, costPerItem: columnRows * outputPixels) { tasks in
            for task in tasks {
                let sample = samples.lowerBound + task
                let image = images + sample * channels * height * width
                forEachColumnRow(sample: sample, chunk: samples) { column, inputRow, valid, kx in
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
        }
    }

    /// The inverse of im2col for gradients: each column entry added to the pixel it was read
    /// from. Images are disjoint, so they run in parallel; within one, the order is fixed.
    func scatterColumns(_ columns: UnsafePointer<Float>, samples: Range<Int>, into images: UnsafeMutablePointer<Float>) {
        parallelRanges(samples.count, costPerItem: columnRows * outputPixels) { tasks in
            for task in tasks {
                let sample = samples.lowerBound + task
                let image = images + sample * channels * height * width
                forEachColumnRow(sample: sample, chunk: samples) { column, inputRow, valid, kx in
                    guard let inputRow else { return }
                    let target = image + inputRow * width + kx - padding
                    for ox in valid { target[ox * stride] += columns[column + ox] }
                }
            }
        }
    }

    /// Moves between the product layout `[outC, chunk.count · outputPixels]` and the images'
    /// NCHW layout, one image per task.
    func exchange(_ chunk: Range<Int>, matrix: UnsafeMutablePointer<Float>, images: UnsafeMutablePointer<Float>, toImages: Bool) {
        let matrixWidth = chunk.count * outputPixels
        parallelRanges(chunk.count, costPerItem: outputChannels * outputPixels) { tasks in
            for task in tasks {
                for channel in 0..<outputChannels {
                    let inMatrix = matrix + channel * matrixWidth + task * outputPixels
                    let inImages = images + ((chunk.lowerBound + task) * outputChannels + channel) * outputPixels
                    if toImages { inImages.update(from: inMatrix, count: outputPixels) } else { inMatrix.update(from: inImages, count: outputPixels) }
                }
            }
        }
    }
}
