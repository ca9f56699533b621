import COpenBLAS
import Dispatch
import Imaging
import Model
import Phantom
import Training

/// The engine's convolutions against one bare two-core sgemm of the whole batch's matrix shape (what
/// OpenBLAS alone makes of the same work; the engine adds im2col and bias, and multiplies image by
/// image), and a forward pass of a small encoder over a 64-slice study, on one core and on all.
enum ModelBenchmark {
    /// The image encoder's layer shapes: 3×3, padding 1, on a 64-slice study.
    private static let layers = [(inputChannels: 2, outputChannels: 16, size: 128),
                                 (inputChannels: 16, outputChannels: 32, size: 64),
                                 (inputChannels: 32, outputChannels: 64, size: 32)]
    private static let slices = 64

    static func run() {
        print("## Model engine: convolutions (batch \(slices), 3×3, padding 1)\n")
        print("| layer | forward ms | GFLOP/s | backward ms | GFLOP/s | sgemm of the same shape on both cores, GFLOP/s |")
        print("|---|---|---|---|---|---|")
        for layer in layers { convolutionRow(layer) }
        print("\nBackward computes the input and weight gradients (twice the forward's FLOPs).\n")

        print("## Model engine: a small encoder over a \(slices)-slice study\n")
        print("conv 2→16 · GN · ReLU · pool, conv 16→32 · GN · ReLU · pool, conv 32→64 · GN · ReLU, global pool, linear 64→4\n")
        print("| threads | inference forward ms | training forward + backward ms |\n|---|---|---|")
        let all = ComputeThreads.count
        for threads in Set([1, all]).sorted() {
            ComputeThreads.use(threads)
            let (forward, training) = encoderTimes()
            print("| \(threads) | \(formatted(forward, 1)) | \(formatted(training, 1)) |")
        }
        ComputeThreads.use(all)
        print("")
        fusionRows()
    }

    /// The product's model as the demo ships it (`Demo/model`, weights included: the figures are for
    /// the architecture users run, not for defaults it may have left): one suggestion with Grad-CAM and
    /// token attributions (forward + one backward in explanation mode), and one training step, per study.
    private static func fusionRows() {
        let demo: ModelDirectory
        do { demo = try ModelDirectory.load("Demo/model") } catch {
            print("skipped the fusion model: \(error) (run from the repository's root)\n")
            return
        }
        let model = demo.model, configuration = model.configuration
        print("## Fusion model per study (the demo model: \(configuration.matrix)², \(configuration.channels) channels, "
              + "widths \(configuration.imageWidths.map(String.init).joined(separator: ","))"
              + (configuration.sliceContextMM == nil ? ""
                  : ", slice context " + configuration.sliceContextDistancesMM.map { String(format: "%g", $0) }.joined(separator: " and ") + " mm")
              + (configuration.blobScalesMM == nil ? "" : ", blob channel")
              + ", 190-token report): "
              + "suggestion with Grad-CAM, and training\n")
        print("| slices | blob filter ms | forward + Grad-CAM + attributions ms | a suggestion in all, ms | training forward + backward ms |")
        print("|---|---|---|---|---|")
        var random = RandomGenerator(seed: 3)
        let tokens = [2] + (0..<188).map { _ in Int.random(in: 4..<configuration.vocabularySize, using: &random) } + [3]
        for slices in [16, 64, 80] {
            let pixels = Tensor.randomUniform(shape: [slices, configuration.channels, configuration.matrix, configuration.matrix],
                                              bound: 1, using: &random)
            // 2.5 mm apart, for a model whose cells also read the slices above and below.
            let depths = (0..<slices).map { Double($0) * 2.5 }
            let explain = medianMilliseconds(repeats: 5) { _ in _ = model.explain(pixels: pixels, tokenIDs: tokens, sliceDepthsMM: depths) }
            let blobs = configuration.blobScalesMM.map { blobFilterMilliseconds(BlobFilter(scalesMM: $0), slices: slices, matrix: configuration.matrix) }
            let graph = Graph(mode: .training)
            let train = medianMilliseconds(repeats: 3) { _ in
                graph.reset()
                let output = model(pixels: pixels, tokenIDs: tokens, sliceDepthsMM: depths, in: graph)
                graph.backward(from: graph.softmaxCrossEntropy(logits: output.logits, labels: [1]))
            }
            print("| \(slices) | \(blobs.map { formatted($0, 1) } ?? "—") | \(formatted(explain, 1)) | \(formatted(explain + (blobs ?? 0), 1)) "
                  + "| \(formatted(train, 1)) |")
        }
        print("")
    }

    /// The blob filter over `slices` slices of a phantom chest spread over the study as the model reads
    /// them (its work depends on the content: most voxels are rejected before any eigenvalue is solved).
    private static func blobFilterMilliseconds(_ filter: BlobFilter, slices: Int, matrix: Int) -> Double {
        let study = PhantomGenerator(seed: 99).study(index: 3)
        let indices = (0..<slices).map { $0 * (study.sliceCount - 1) / max(1, slices - 1) }
        let hu = indices.flatMap { study.renderSlice($0, matrix: matrix).map(Float.init) }
        let sliceMM = Double(indices.last! - indices.first!) * study.sliceSpacingMM / Double(max(1, slices - 1))
        return medianMilliseconds(repeats: 5) { _ in
            _ = filter.response(hu, width: matrix, height: matrix, depth: slices, pixelMM: study.fieldOfViewMM / Double(matrix), sliceMM: sliceMM)
        }
    }

    private static func convolutionRow(_ layer: (inputChannels: Int, outputChannels: Int, size: Int)) {
        var random = RandomGenerator(seed: 1)
        let input = Tensor.randomNormal(shape: [slices, layer.inputChannels, layer.size, layer.size], standardDeviation: 1, using: &random)
        let conv = Conv2d(inputChannels: layer.inputChannels, outputChannels: layer.outputChannels, kernelSize: 3, padding: 1,
                          random: &random)
        let pixels = slices * layer.size * layer.size, depth = layer.inputChannels * 9
        let flops = 2 * Double(layer.outputChannels) * Double(depth) * Double(pixels)

        let inference = Graph(mode: .inference)
        let forward = medianMilliseconds(repeats: 5) { _ in _ = conv(inference.input(input), in: inference) }
        let seed = Tensor(shape: [slices, layer.outputChannels, layer.size, layer.size], repeating: 1)
        let backward = medianSetUpMilliseconds(repeats: 5) {
            let graph = Graph(mode: .training)
            let output = conv(graph.input(input, requiresGradient: true), in: graph)
            return { graph.backward(from: output, seed: seed) }
        }

        let a = [Float](repeating: 0.5, count: layer.outputChannels * depth), b = [Float](repeating: 0.25, count: depth * pixels)
        var c = [Float](repeating: 0, count: layer.outputChannels * pixels)
        let sgemm = SgemmBenchmark.onAllCores {
            medianMilliseconds(repeats: 5) { _ in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(layer.outputChannels), Int32(pixels), Int32(depth),
                            1, a, Int32(depth), b, Int32(pixels), 0, &c, Int32(pixels))
            }
        }
        print("| \(layer.inputChannels)→\(layer.outputChannels) at \(layer.size)² | \(formatted(forward, 1)) | "
              + "\(formatted(flops / forward / 1e6, 1)) | \(formatted(backward, 1)) | \(formatted(2 * flops / backward / 1e6, 1)) | "
              + "\(formatted(flops / sgemm / 1e6, 1)) |")
    }

    /// Milliseconds of inference forward and of a training step's forward and backward.
    private static func encoderTimes() -> (forward: Double, training: Double) {
        var random = RandomGenerator(seed: 2)
        let convolutions = layers.map {
            Conv2d(inputChannels: $0.inputChannels, outputChannels: $0.outputChannels, kernelSize: 3, padding: 1, bias: false,
                   random: &random)
        }
        let norms = layers.map { GroupNorm(channels: $0.outputChannels, groups: 4) }
        let head = Linear(inputFeatures: 64, outputFeatures: 4, random: &random)
        let study = Tensor.randomNormal(shape: [slices, 2, 128, 128], standardDeviation: 1, using: &random)
        func logits(_ graph: Graph) -> Variable {
            var x = graph.input(study)
            for (index, (conv, norm)) in zip(convolutions, norms).enumerated() {
                x = graph.relu(norm(conv(x, in: graph), in: graph))
                if index < layers.count - 1 { x = graph.maxPool2d(x) }
            }
            return head(graph.globalAveragePool(x), in: graph)
        }
        let inference = Graph(mode: .inference)
        let forward = medianMilliseconds(repeats: 5) { _ in _ = logits(inference) }
        let training = medianMilliseconds(repeats: 3) { _ in
            let graph = Graph(mode: .training)
            graph.backward(from: graph.mean(logits(graph)))
        }
        return (forward, training)
    }

    /// Like `medianMilliseconds`, timing only the closure that `setUp` returns.
    private static func medianSetUpMilliseconds(repeats: Int, _ setUp: () -> () -> Void) -> Double {
        var times: [Double] = []
        for run in 0...repeats {
            let work = setUp()
            let start = DispatchTime.now().uptimeNanoseconds
            work()
            if run > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        return times.sorted()[times.count / 2]
    }
}
