import Foundation
import Testing
@testable import Model

/// Forward passes against independent, naive implementations (in `Double`) and hand-computed
/// values; the gradient checks cannot see a forward pass that is wrong but differentiated right.
@Suite struct EngineForwardTests {
    /// The textbook six loops, with zero padding.
    private func directConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let (oh, ow) = ((h + 2 * padding - kh) / stride + 1, (wd + 2 * padding - kw) / stride + 1)
        var out = Tensor(zeros: [n, o, oh, ow])
        for image in 0..<n {
            for channel in 0..<o {
                for y in 0..<oh {
                    for xx in 0..<ow {
                        var total = Double(b?[channel] ?? 0)
                        for ic in 0..<c {
                            for ky in 0..<kh {
                                for kx in 0..<kw {
                                    let (iy, ix) = (y * stride - padding + ky, xx * stride - padding + kx)
                                    guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                    total += Double(x[image, ic, iy, ix]) * Double(w[channel, ic, ky, kx])
                                }
                            }
                        }
                        out[image, channel, y, xx] = Float(total)
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: [
        (input: [3, 2, 7, 6], weight: [4, 2, 3, 3], stride: 1, padding: 1),
        (input: [2, 3, 9, 9], weight: [2, 3, 3, 3], stride: 2, padding: 1),
        (input: [1, 1, 5, 8], weight: [3, 1, 5, 2], stride: 3, padding: 2),
        (input: [2, 4, 4, 4], weight: [5, 4, 1, 1], stride: 1, padding: 0),
    ])
    func convolutionMatchesTheDirectSum(_ shapes: (input: [Int], weight: [Int], stride: Int, padding: Int)) {
        let x = randomTensor(shapes.input, seed: 1), w = randomTensor(shapes.weight, seed: 2), b = randomTensor([shapes.weight[0]], seed: 3)
        let expected = directConvolution(x, w, b, stride: shapes.stride, padding: shapes.padding)
        let graph = Graph(mode: .inference)
        let y = graph.conv2d(graph.input(x), weight: graph.input(w), bias: graph.input(b), stride: shapes.stride, padding: shapes.padding)
        #expect(y.shape == expected.shape)
        #expect(relativeError(y.value, expected) < 1e-6, "\(shapes)")
    }

    @Test func attentionMatchesANaiveImplementation() {
        let (batch, queries, keys, features, heads) = (2, 3, 4, 6, 3)
        let q = randomTensor([batch, queries, features], seed: 4), k = randomTensor([batch, keys, features], seed: 5)
        let v = randomTensor([batch, keys, features], seed: 6)
        let lengths = [4, 2]
        let graph = Graph(mode: .inference)
        let (output, weights) = graph.attention(query: graph.input(q), key: graph.input(k), value: graph.input(v), heads: heads,
                                                keyMask: KeyMask(validLengths: lengths, keys: keys))
        let d = features / heads
        var expected = Tensor(zeros: [batch, queries, features])
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<queries {
                    var scores = (0..<lengths[b]).map { j in
                        (0..<d).reduce(0.0) { $0 + Double(q[b, i, h * d + $1]) * Double(k[b, j, h * d + $1]) } / Double(d).squareRoot()
                    }
                    let largest = scores.max()!
                    scores = scores.map { exp($0 - largest) }
                    let total = scores.reduce(0, +)
                    for j in 0..<keys {
                        let expectedWeight = j < lengths[b] ? scores[j] / total : 0
                        #expect(abs(Double(weights.value[b, h, i, j]) - expectedWeight) < 1e-6)
                    }
                    for f in 0..<d {
                        expected[b, i, h * d + f] = Float((0..<lengths[b]).reduce(0.0) { $0 + scores[$1] / total * Double(v[b, $1, h * d + f]) })
                    }
                }
            }
        }
        #expect(output.shape == [batch, queries, features])
        #expect(relativeError(output.value, expected) < 1e-6)
    }

    @Test func weightedCrossEntropyMatchesHandComputedValues() {
        let graph = Graph(mode: .training)
        let logits = graph.input(Tensor(shape: [3, 3], scalars: [2, 1, 0, 0, 0, 3, 1, -1, 0.5]), requiresGradient: true)
        // Σ w·(logsumexp − logit of the label) / Σ w, with w = (1, 3, 2) for labels (0, 2, 1).
        let loss = graph.softmaxCrossEntropy(logits: logits, labels: [0, 2, 1], classWeights: [1, 2, 3])
        #expect(abs(loss.value[] - 0.96704811) < 1e-6)
        graph.backward(from: loss)
        let expected: [Float] = [-0.05579317, 0.04078808, 0.01500510, 0.02263925, 0.02263925, -0.04527850,
                                 0.19136566, -0.30743481, 0.11606914]
        #expect(zip(graph.gradient(of: logits)!.scalars, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        // Without weights, the plain mean.
        let plain = Graph(mode: .inference)
        let unweighted = plain.softmaxCrossEntropy(logits: plain.input(Tensor(shape: [1, 2], scalars: [0, 0])), labels: [1])
        #expect(abs(unweighted.value[] - Float(log(2.0))) < 1e-6)
    }

    @Test func aRowAcceptingSeveralClassesCostsTheLogOfTheirSummedProbability() {
        let graph = Graph(mode: .inference)
        let logits = graph.input(Tensor(shape: [2, 3], scalars: [0, log(2), log(5), 1, 1, 1]))
        // Row 0: p = (1, 2, 5)/8, classes 1 and 2 together 7/8. Row 1: p = 1/3 each, class 0 alone.
        let accepting = graph.softmaxCrossEntropy(logits: logits, targets: [SoftmaxTarget(1, or: [2]), SoftmaxTarget(0)])
        #expect(abs(Double(accepting.value[]) - (-log(7.0 / 8) - log(1.0 / 3)) / 2) < 1e-6)
        // Focusing with γ = 2 scales each row's cost by (1 − q)²: (1/8)² and (2/3)².
        let focused = graph.softmaxCrossEntropy(logits: logits, targets: [SoftmaxTarget(1, or: [2]), SoftmaxTarget(0)], focusing: 2)
        let expected = (-log(7.0 / 8) / 64 - log(1.0 / 3) * 4 / 9) / 2
        #expect(abs(Double(focused.value[]) - expected) < 1e-6)
        // A single label is plain cross-entropy.
        let plain = graph.softmaxCrossEntropy(logits: logits, labels: [1, 0])
        #expect(abs(Double(plain.value[]) - (-log(2.0 / 8) - log(1.0 / 3)) / 2) < 1e-6)
    }

    @Test func binaryCrossEntropyMatchesHandComputedValues() {
        let graph = Graph(mode: .inference)
        let logits = graph.input(Tensor(shape: [2, 2], scalars: [0.5, -1, 2, 0]))
        let loss = graph.binaryCrossEntropy(logits: logits, targets: Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]), positiveWeights: [3, 0.5])
        #expect(abs(loss.value[] - 1.05224856) < 1e-6)
        // Stable for logits far beyond where σ rounds to 0 or 1.
        let extreme = graph.binaryCrossEntropy(logits: graph.input(Tensor(shape: [1, 2], scalars: [-200, 200])),
                                               targets: Tensor(shape: [1, 2], scalars: [1, 0]))
        #expect(abs(extreme.value[] - 200) < 1e-3)
    }

    @Test func poolingAndNormalizationValues() {
        let graph = Graph(mode: .inference)
        let x = graph.input(Tensor(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, -1, 7, 4]))
        #expect(graph.maxPool2d(x).value.scalars == [5, 7])
        #expect(graph.averagePool2d(x).value.scalars == [2, 3.25])
        #expect(graph.globalAveragePool(x).value.scalars == [2.625])
        #expect(graph.max(graph.reshape(x, to: [2, 4]), axis: 0).value.scalars == [3, 5, 7, 4])

        let image = randomTensor([2, 4, 3, 3], seed: 7, scale: 3)
        let normalized = graph.groupNorm(graph.input(image), groups: 2, scale: graph.input(Tensor(shape: [4], repeating: 1)),
                                         shift: graph.input(Tensor(zeros: [4])))
        for group in 0..<4 {  // (image, group) pairs: 18 contiguous elements each
            let values = normalized.value.scalars[group * 18..<(group + 1) * 18].map(Double.init)
            let mean = values.reduce(0, +) / 18
            #expect(abs(mean) < 1e-5)
            #expect(abs(values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 18 - 1) < 1e-3)
        }
    }

    @Test func batchNormFoldsIntoTheConvolution() {
        var random = RandomGenerator(seed: 8)
        let conv = Conv2d(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, random: &random)
        conv.bias!.value = randomTensor([3], seed: 9)
        let norm = BatchNorm2d(channels: 3)
        // A few training batches give the running statistics something to hold.
        for step in 0..<5 {
            let graph = Graph(mode: .training)
            _ = norm(conv(graph.input(randomTensor([4, 2, 5, 5], seed: 10 + UInt64(step), scale: 2)), in: graph), in: graph)
        }
        norm.weight.value = randomTensor([3], seed: 20)
        norm.bias.value = randomTensor([3], seed: 21)
        #expect(norm.runningMean.value.scalars.allSatisfy { $0 != 0 })
        let x = randomTensor([2, 2, 5, 5], seed: 22)
        let graph = Graph(mode: .inference)
        let unfolded = norm(conv(graph.input(x), in: graph), in: graph)
        let folded = norm.folded(into: conv)(graph.input(x), in: graph)
        #expect(relativeError(unfolded.value, folded.value) < 1e-5)
    }

    @Test func adamWMatchesAHandComputedStep() {
        let weight = Parameter(Tensor(shape: [2], scalars: [1, -2]))
        let bias = Parameter(Tensor(shape: [1], scalars: [0.5]), kind: .bias)
        let statistic = Parameter(Tensor(shape: [1], scalars: [7]), kind: .statistic)
        let optimizer = AdamW(parameters: [weight, bias, statistic, weight], learningRate: 0.1, weightDecay: 0.01)
        weight.gradient = Tensor(shape: [2], scalars: [0.5, -0.1])
        bias.gradient = Tensor(shape: [1], scalars: [0.5])
        statistic.gradient = Tensor(shape: [1], scalars: [1])
        optimizer.step()
        // Step 1: m̂/√v̂ = sign(g); the weight also shrinks by lr·decay = 0.001; the bias does not.
        #expect(abs(weight.value[0] - 0.899) < 1e-6 && abs(weight.value[1] + 1.898) < 1e-6)
        #expect(abs(bias.value[0] - 0.4) < 1e-6)
        optimizer.zeroGradients()
        #expect(weight.gradient.scalars == [0, 0])
        weight.gradient = Tensor(shape: [2], scalars: [-0.2, 0.3])
        bias.gradient = Tensor(shape: [1], scalars: [-0.2])
        optimizer.step()
        #expect(abs(weight.value[0] - 0.86354042) < 1e-6 && abs(weight.value[1] + 1.94552099) < 1e-6)
        #expect(abs(bias.value[0] - 0.36543942) < 1e-6)
        #expect(statistic.value[0] == 7)
        #expect(optimizer.stepCount == 2)
    }

    @Test func gradientClippingScalesToTheGlobalNorm() {
        let a = Parameter(Tensor(zeros: [2])), b = Parameter(Tensor(zeros: [1]))
        a.gradient = Tensor(shape: [2], scalars: [3, 0])
        b.gradient = Tensor(shape: [1], scalars: [4])
        #expect(clipGradientNorm([a, b], maxNorm: 10) == 5)
        #expect(a.gradient.scalars == [3, 0])
        #expect(clipGradientNorm([a, b], maxNorm: 1) == 5)
        #expect(abs(a.gradient[0] - 0.6) < 1e-6 && abs(b.gradient[0] - 0.8) < 1e-6)
    }
}
