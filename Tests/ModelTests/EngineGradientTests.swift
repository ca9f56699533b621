import Foundation
import Testing
@testable import Model

/// Every operation's backward pass against central finite differences (see `GradientChecking`).
/// Inputs are small so that the two forward passes per element stay fast in a debug build, and
/// chosen away from kinks (ReLU at 0, ties in max pooling) where a difference quotient is not a
/// derivative.
@Suite struct EngineGradientTests {
    @Test func theCheckCatchesWrongGradients() {
        let x = randomTensor([3, 4], seed: 1)
        let right = gradientCheck([x]) { graph, v in graph.sigmoid(v[0]) }
        #expect(right.relativeErrors[0] < 1e-3)
        // Off by 2 % overall, or wrong in one element: both beyond the tolerance.
        let scaled = Tensor(shape: x.shape, scalars: right.analytic[0].scalars.map { $0 * 1.02 })
        #expect(relativeError(scaled, right.numeric[0]) > gradientTolerance)
        var oneWrong = right.analytic[0]
        oneWrong[flat: 5] *= -1
        #expect(relativeError(oneWrong, right.numeric[0]) > gradientTolerance)
        // A backward pass with a plausible mistake (sigmoid's derivative taken as y, not y·(1−y)).
        let buggy = gradientCheck([x]) { graph, v in
            let y = Tensor(shape: v[0].shape, scalars: v[0].value.scalars.map { 1 / (1 + exp(-$0)) })
            return graph.record(y, inputs: [v[0]]) { g in
                [Tensor(shape: g.shape, scalars: zip(g.scalars, y.scalars).map { $0 * $1 })]
            }
        }
        #expect(buggy.relativeErrors[0] > gradientTolerance)
    }

    @Test func arithmeticWithAndWithoutBroadcasting() {
        let a = randomTensor([2, 3, 4], seed: 2), b = randomTensor([2, 3, 4], seed: 3), row = randomTensor([4], seed: 4)
        expectGradientsMatch("add", gradientCheck([a, b]) { g, v in g.add(v[0], v[1]) })
        expectGradientsMatch("subtract", gradientCheck([a, b]) { g, v in g.subtract(v[0], v[1]) })
        expectGradientsMatch("multiply", gradientCheck([a, b]) { g, v in g.multiply(v[0], v[1]) })
        expectGradientsMatch("add broadcast", gradientCheck([a, row]) { g, v in g.add(v[0], v[1]) })
        expectGradientsMatch("subtract broadcast", gradientCheck([a, row]) { g, v in g.subtract(v[0], v[1]) })
        expectGradientsMatch("multiply broadcast", gradientCheck([a, randomTensor([3, 4], seed: 5)]) { g, v in g.multiply(v[0], v[1]) })
        expectGradientsMatch("scale", gradientCheck([a]) { g, v in g.scale(v[0], by: -1.7) })
    }

    @Test func activations() {
        // |x| ≥ 0.1, so no element is within a step of ReLU's kink.
        let x = Tensor(shape: [3, 5], scalars: randomTensor([3, 5], seed: 6).scalars.map { $0 + ($0 >= 0 ? 0.1 : -0.1) })
        expectGradientsMatch("relu", gradientCheck([x]) { g, v in g.relu(v[0]) })
        expectGradientsMatch("gelu", gradientCheck([x]) { g, v in g.gelu(v[0]) })
        expectGradientsMatch("sigmoid", gradientCheck([x]) { g, v in g.sigmoid(v[0]) })
        expectGradientsMatch("tanh", gradientCheck([x]) { g, v in g.tanh(v[0]) })
    }

    @Test func shapeOperations() {
        let x = randomTensor([2, 3, 2, 2], seed: 7)
        expectGradientsMatch("reshape", gradientCheck([x]) { g, v in g.multiply(g.reshape(v[0], to: [6, 4]), g.input(randomTensor([6, 4], seed: 8))) })
        expectGradientsMatch("permute", gradientCheck([x]) { g, v in g.permute(v[0], [0, 2, 1, 3]) })
        expectGradientsMatch("permute 3-cycle", gradientCheck([x]) { g, v in g.permute(v[0], [3, 0, 2, 1]) })
        let y = randomTensor([2, 1, 2, 2], seed: 9), z = randomTensor([2, 2, 2, 2], seed: 10)
        expectGradientsMatch("concatenate", gradientCheck([x, y, z]) { g, v in g.concatenate(v, axis: 1) })
        expectGradientsMatch("concatenate last axis", gradientCheck([x, x]) { g, v in g.concatenate(v, axis: 3) })
        expectGradientsMatch("slice", gradientCheck([x]) { g, v in g.slice(v[0], axis: 1, range: 1..<3) })
    }

    @Test func reductions() {
        let x = randomTensor([2, 3, 4], seed: 11)
        expectGradientsMatch("sum", gradientCheck([x]) { g, v in g.sum(v[0]) })
        expectGradientsMatch("mean", gradientCheck([x]) { g, v in g.mean(v[0]) })
        expectGradientsMatch("sum axis 1", gradientCheck([x]) { g, v in g.sum(v[0], axis: 1) })
        expectGradientsMatch("mean axis 0", gradientCheck([x]) { g, v in g.mean(v[0], axis: 0) })
        expectGradientsMatch("mean axis 2", gradientCheck([x]) { g, v in g.mean(v[0], axis: 2) })
        // Distinct values at least 0.1 apart: the maximum does not change within a step.
        let distinct = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float(($0 * 7) % 24) * 0.1 })
        expectGradientsMatch("max axis 1", gradientCheck([distinct]) { g, v in g.max(v[0], axis: 1) })
        expectGradientsMatch("max axis 2", gradientCheck([distinct]) { g, v in g.max(v[0], axis: 2) })
        expectGradientsMatch("global average pool", gradientCheck([randomTensor([2, 3, 3, 2], seed: 12)]) { g, v in g.globalAveragePool(v[0]) })
    }

    @Test func matrixProducts() {
        expectGradientsMatch("matrix product", gradientCheck([randomTensor([3, 4], seed: 13), randomTensor([4, 5], seed: 14)]) { g, v in
            g.matrixProduct(v[0], v[1])
        })
        expectGradientsMatch("matrix product, B transposed", gradientCheck([randomTensor([3, 4], seed: 15), randomTensor([5, 4], seed: 16)]) { g, v in
            g.matrixProduct(v[0], v[1], transposingB: true)
        })
        expectGradientsMatch("batched", gradientCheck([randomTensor([2, 3, 4], seed: 17), randomTensor([2, 4, 2], seed: 18)]) { g, v in
            g.matrixProduct(v[0], v[1])
        })
        expectGradientsMatch("batched, B transposed", gradientCheck([randomTensor([2, 3, 4], seed: 19), randomTensor([2, 5, 4], seed: 20)]) { g, v in
            g.matrixProduct(v[0], v[1], transposingB: true)
        })
        let x = randomTensor([2, 3, 4], seed: 21), w = randomTensor([5, 4], seed: 22), b = randomTensor([5], seed: 23)
        expectGradientsMatch("linear", gradientCheck([x, w, b]) { g, v in g.linear(v[0], weight: v[1], bias: v[2]) })
    }

    @Test(arguments: [
        (input: [2, 3, 5, 5], weight: [4, 3, 3, 3], stride: 1, padding: 1, bias: true),
        (input: [1, 2, 6, 7], weight: [3, 2, 3, 3], stride: 2, padding: 0, bias: false),
        (input: [2, 2, 5, 4], weight: [2, 2, 2, 3], stride: 2, padding: 2, bias: true),
        (input: [1, 3, 4, 4], weight: [2, 3, 1, 1], stride: 1, padding: 0, bias: true),
    ])
    func convolution(_ shapes: (input: [Int], weight: [Int], stride: Int, padding: Int, bias: Bool)) {
        let x = randomTensor(shapes.input, seed: 24), w = randomTensor(shapes.weight, seed: 25, scale: 0.5)
        let b = randomTensor([shapes.weight[0]], seed: 26)
        let check = gradientCheck(shapes.bias ? [x, w, b] : [x, w]) { g, v in
            g.conv2d(v[0], weight: v[1], bias: shapes.bias ? v[2] : nil, stride: shapes.stride, padding: shapes.padding)
        }
        expectGradientsMatch("conv2d \(shapes)", check)
    }

    @Test func convolutionOverSeveralWeightGradientGroups() {
        // Nine images: two full groups of the weight gradient's partial sums and a partial one.
        #expect(ConvolutionGeometry.weightGradientGroup == 4)
        let x = randomTensor([9, 2, 4, 4], seed: 27), w = randomTensor([3, 2, 3, 3], seed: 28)
        let check = gradientCheck([x, w]) { g, v in g.conv2d(v[0], weight: v[1], padding: 1) }
        expectGradientsMatch("conv2d over three groups", check)
    }

    @Test func pooling() {
        let distinct = Tensor(shape: [2, 2, 4, 6], scalars: (0..<96).map { Float(($0 * 37) % 96) * 0.05 })
        expectGradientsMatch("max pool 2×2", gradientCheck([distinct]) { g, v in g.maxPool2d(v[0]) })
        expectGradientsMatch("max pool 3, stride 1", gradientCheck([distinct]) { g, v in g.maxPool2d(v[0], size: 3, stride: 1) })
        let x = randomTensor([2, 2, 4, 6], seed: 29)
        expectGradientsMatch("average pool 2×2", gradientCheck([x]) { g, v in g.averagePool2d(v[0]) })
        expectGradientsMatch("average pool 3, stride 1", gradientCheck([x]) { g, v in g.averagePool2d(v[0], size: 3, stride: 1) })
    }

    @Test func normalizations() {
        let x = randomTensor([2, 4, 3, 3], seed: 30), scale = randomTensor([4], seed: 31), shift = randomTensor([4], seed: 32)
        expectGradientsMatch("group norm", gradientCheck([x, scale, shift]) { g, v in g.groupNorm(v[0], groups: 2, scale: v[1], shift: v[2]) })
        expectGradientsMatch("instance norm (a group per channel)", gradientCheck([x, scale, shift]) { g, v in
            g.groupNorm(v[0], groups: 4, scale: v[1], shift: v[2])
        })
        let tokens = randomTensor([2, 3, 5], seed: 33)
        expectGradientsMatch("layer norm", gradientCheck([tokens, randomTensor([5], seed: 34), randomTensor([5], seed: 35)]) { g, v in
            g.layerNorm(v[0], scale: v[1], shift: v[2])
        })
        expectGradientsMatch("scale and shift", gradientCheck([x, scale, shift]) { g, v in g.scaleAndShift(v[0], scale: v[1], shift: v[2], axis: 1) })
    }

    @Test func batchNormInTrainingAndInference() {
        let norm = BatchNorm2d(channels: 3)
        norm.weight.value = randomTensor([3], seed: 36)
        norm.bias.value = randomTensor([3], seed: 37)
        let x = randomTensor([4, 3, 2, 2], seed: 38)
        expectGradientsMatch("batch norm, training, input", gradientCheck([x]) { g, v in norm(v[0], in: g) })
        expectGradientsMatch("batch norm, training, parameters", parameterGradientCheck([norm.weight, norm.bias]) { g in norm(g.input(x), in: g) })
        norm.runningMean.value = randomTensor([3], seed: 39)
        norm.runningVariance.value = Tensor(shape: [3], scalars: [0.5, 1.5, 2])
        expectGradientsMatch("batch norm, inference", gradientCheck([x], mode: .explanation) { g, v in norm(v[0], in: g) })
    }

    @Test func softmaxWithAndWithoutMask() {
        let x = randomTensor([2, 3, 4], seed: 40)
        expectGradientsMatch("softmax", gradientCheck([x]) { g, v in g.softmax(v[0]) })
        let mask = KeyMask(validLengths: [4, 2], keys: 4)
        let check = gradientCheck([x]) { g, v in g.softmax(v[0], keyMask: mask) }
        expectGradientsMatch("masked softmax", check)
        #expect(check.analytic[0][1, 0, 3] == 0 && check.analytic[0][1, 2, 2] == 0)
    }

    @Test func attention() {
        let q = randomTensor([2, 3, 4], seed: 41), k = randomTensor([2, 5, 4], seed: 42), v = randomTensor([2, 5, 4], seed: 43)
        let mask = KeyMask(validLengths: [5, 3], keys: 5)
        expectGradientsMatch("cross-attention", gradientCheck([q, k, v]) { g, x in
            g.attention(query: x[0], key: x[1], value: x[2], heads: 2, keyMask: mask).output
        })
        expectGradientsMatch("attention weights", gradientCheck([q, k, v]) { g, x in
            g.attention(query: x[0], key: x[1], value: x[2], heads: 2).weights
        })
        expectGradientsMatch("self-attention with dropout", gradientCheck([q]) { g, x in
            g.attention(query: x[0], key: x[0], value: x[0], heads: 1, dropout: 0.3).output
        })
    }

    @Test func embeddingAndDropout() {
        let table = randomTensor([5, 3], seed: 44)
        expectGradientsMatch("embedding (a repeated token)", gradientCheck([table]) { g, v in
            g.embedding([1, 4, 1, 0, 2, 1], shape: [2, 3], table: v[0])
        })
        expectGradientsMatch("dropout", gradientCheck([randomTensor([4, 5], seed: 45)]) { g, v in g.dropout(v[0], rate: 0.4) })
    }

    @Test func losses() {
        let logits = randomTensor([4, 3], seed: 46)
        expectGradientsMatch("softmax cross-entropy", gradientCheck([logits]) { g, v in
            g.softmaxCrossEntropy(logits: v[0], labels: [2, 0, 1, 2])
        })
        expectGradientsMatch("weighted softmax cross-entropy", gradientCheck([logits]) { g, v in
            g.softmaxCrossEntropy(logits: v[0], labels: [2, 0, 1, 2], classWeights: [0.5, 2, 1])
        })
        let accepting = [SoftmaxTarget(2, or: [1]), SoftmaxTarget(0), SoftmaxTarget(1, or: [0, 2]), SoftmaxTarget(2)]
        expectGradientsMatch("softmax cross-entropy accepting several classes", gradientCheck([logits]) { g, v in
            g.softmaxCrossEntropy(logits: v[0], targets: accepting, classWeights: [0.5, 2, 1])
        })
        for gamma in [1.0, 2.0] {
            expectGradientsMatch("focal softmax cross-entropy, γ = \(gamma)", gradientCheck([logits]) { g, v in
                g.softmaxCrossEntropy(logits: v[0], targets: accepting, classWeights: [0.5, 2, 1], focusing: gamma)
            })
        }
        let targets = Tensor(shape: [4, 3], scalars: [1, 0, 0, 0, 1, 1, 0.5, 0, 1, 1, 1, 0])
        expectGradientsMatch("binary cross-entropy", gradientCheck([logits]) { g, v in
            g.binaryCrossEntropy(logits: v[0], targets: targets, positiveWeights: [3, 1, 0.5])
        })
    }

    @Test func layersAccumulateParameterGradients() {
        var random = RandomGenerator(seed: 47)
        let conv = Conv2d(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, random: &random)
        let image = randomTensor([2, 2, 4, 4], seed: 48)
        expectGradientsMatch("Conv2d", parameterGradientCheck(conv.namedParameters.map(\.parameter)) { g in conv(g.input(image), in: g) })

        // Attention's key bias adds the same amount to every score of a row, which softmax ignores:
        // its true gradient is zero, and a relative error between two roundings means nothing.
        func checkIgnoringKeyBias(_ name: String, _ layer: some Layer, _ function: (Graph) -> Variable) {
            let (keyBiases, others) = layer.namedParameters.reduce(into: ([Parameter](), [Parameter]())) {
                if $1.name.hasSuffix("key.bias") { $0.0.append($1.parameter) } else { $0.1.append($1.parameter) }
            }
            expectGradientsMatch(name, parameterGradientCheck(others, function))
            keyBiases.forEach { $0.zeroGradient() }
            let graph = Graph(mode: .training)
            graph.backward(from: function(graph), seed: randomTensor(function(Graph(mode: .inference)).shape, seed: 1))
            #expect(keyBiases.count == 1 && keyBiases[0].gradient.scalars.allSatisfy { abs($0) < 1e-5 }, "\(name) key bias")
        }
        let block = TransformerEncoderBlock(features: 4, heads: 2, hiddenFeatures: 8, dropout: 0.2, random: &random)
        let tokens = randomTensor([2, 3, 4], seed: 49)
        let mask = KeyMask(validLengths: [3, 2], keys: 3)
        checkIgnoringKeyBias("TransformerEncoderBlock", block) { g in block(g.input(tokens), keyMask: mask, in: g) }

        // Slice context: each slice also reads the slices 4 mm away (the ends read themselves), so a
        // slice's gradient gathers what every slice that read it passed back.
        let sliceContext = SliceContext(channels: 2, offsetsMM: [-4, 4], random: &random)
        sliceContext.out.weight.value = randomTensor([2, 2, 1, 1], seed: 51)
        let slab = randomTensor([3, 2, 3, 3], seed: 52)
        expectGradientsMatch("SliceContext", parameterGradientCheck(sliceContext.namedParameters.map(\.parameter)) { g in
            sliceContext(g.input(slab), depthsMM: [0, 4, 8], in: g)
        })
        expectGradientsMatch("SliceContext input", gradientCheck([slab]) { g, v in sliceContext(v[0], depthsMM: [0, 4, 8], in: g) })

        let attention = MultiHeadAttention(features: 4, heads: 2, contextFeatures: 6, random: &random)
        let context = randomTensor([2, 5, 6], seed: 50)
        checkIgnoringKeyBias("MultiHeadAttention with context", attention) { g in attention(g.input(tokens), context: g.input(context), in: g) }

        // A weight used twice (tied) receives the sum of both uses' gradients.
        let embedding = Embedding(vocabulary: 6, features: 4, standardDeviation: 1, random: &random)
        expectGradientsMatch("tied embedding", parameterGradientCheck([embedding.weight]) { g in
            let embedded = embedding([3, 1, 3, 5], shape: [1, 4], in: g)
            return g.matrixProduct(g.reshape(embedded, to: [4, 4]), g.use(embedding.weight), transposingB: true)
        })
    }
}
