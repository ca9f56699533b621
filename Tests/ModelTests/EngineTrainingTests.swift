import Testing
@testable import Model

/// A two-block CNN of the shape the image encoder will have (conv, group norm, ReLU, pooling,
/// global average pooling, a linear head), small enough for debug builds.
private struct TinyCNN: Layer {
    let conv1, conv2: Conv2d
    let norm1, norm2: GroupNorm
    let head: Linear
    let dropout: Float

    init(seed: UInt64, dropout: Float = 0) {
        var random = RandomGenerator(seed: seed)
        conv1 = Conv2d(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, bias: false, random: &random)
        norm1 = GroupNorm(channels: 4, groups: 2)
        conv2 = Conv2d(inputChannels: 4, outputChannels: 8, kernelSize: 3, padding: 1, bias: false, random: &random)
        norm2 = GroupNorm(channels: 8, groups: 4)
        head = Linear(inputFeatures: 8, outputFeatures: 2, random: &random)
        self.dropout = dropout
    }

    /// The logits `[N, 2]` and the last block's activations (what Grad-CAM reads).
    func callAsFunction(_ images: Variable, in graph: Graph) -> (logits: Variable, lastBlock: Variable) {
        let block1 = graph.maxPool2d(graph.relu(norm1(conv1(images, in: graph), in: graph)))
        let block2 = graph.relu(norm2(conv2(block1, in: graph), in: graph))
        return (tail(block2, in: graph), block2)
    }

    func tail(_ lastBlock: Variable, in graph: Graph) -> Variable {
        head(graph.dropout(graph.globalAveragePool(lastBlock), rate: dropout), in: graph)
    }

    var namedParameters: [NamedParameter] {
        conv1.named("conv1") + norm1.named("norm1") + conv2.named("conv2") + norm2.named("norm2") + head.named("head")
    }
}

/// Synthetic 8×8 images: class 0 has a bright 3×3 patch in the left half, class 1 in the right,
/// at random rows, over noise.
private func patchImages(count: Int, seed: UInt64) -> (images: Tensor, labels: [Int]) {
    var random = RandomGenerator(seed: seed)
    var images = Tensor.randomNormal(shape: [count, 1, 8, 8], standardDeviation: 0.3, using: &random)
    let labels = (0..<count).map { $0 % 2 }
    for (n, label) in labels.enumerated() {
        let top = Int(random.next() % 6), left = (label == 0 ? 0 : 4) + Int(random.next() % 2)
        for y in top..<top + 3 { for x in left..<left + 3 { images[n, 0, y, x] += 2 } }
    }
    return (images, labels)
}

/// Trains for `steps` full-batch steps and returns the losses.
private func train(_ model: TinyCNN, steps: Int, seed: UInt64) -> [Float] {
    let (images, labels) = patchImages(count: 16, seed: 5)
    let optimizer = AdamW(parameters: model.trainableParameters, learningRate: 0.02)
    let graph = Graph(mode: .training, seed: seed)
    return (0..<steps).map { _ in
        optimizer.zeroGradients()
        let loss = graph.softmaxCrossEntropy(logits: model(graph.input(images), in: graph).logits, labels: labels)
        graph.backward(from: loss)
        graph.reset()  // the step then updates the weights in place
        clipGradientNorm(model.trainableParameters, maxNorm: 5)
        optimizer.step()
        return loss.value[]
    }
}

@Suite struct EngineTrainingTests {
    /// The cosine schedule starts at the peak, is at half of it halfway, ends at nothing and never rises.
    @Test func aCosineScheduleFallsFromThePeakToZero() {
        let rates = (0..<11).map { LearningRateSchedule.cosine.rate(peak: 0.002, step: $0, of: 11) }
        #expect(rates.first == 0.002 && abs(rates[5] - 0.001) < 1e-9 && abs(rates.last!) < 1e-9)
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 })
        #expect((0..<11).allSatisfy { LearningRateSchedule.constant.rate(peak: 0.002, step: $0, of: 11) == 0.002 })
    }

    @Test func aSmallCNNLearnsASeparableProblem() {
        let losses = train(TinyCNN(seed: 1), steps: 40, seed: 1)
        #expect(losses[0] > 0.5)
        #expect(losses.suffix(5).allSatisfy { $0 < losses[0] * 0.25 }, "losses \(losses)")
    }

    @Test func aTransformerBlockLearnsWhetherATokenOccurs() {
        // Label: does token 7 occur? Sequences of 2 to 6 tokens after a leading summary token
        // (id 9), padded with 0 and masked.
        var random = RandomGenerator(seed: 2)
        let (count, length) = (16, 7)
        var tokens: [Int] = [], lengths: [Int] = [], labels: [Float] = []
        for n in 0..<count {
            let used = 2 + Int(random.next() % 5)
            var sequence = (0..<used).map { _ in 1 + Int(random.next() % 6) }  // 1…6
            if n % 2 == 0 { sequence[Int(random.next() % UInt64(used))] = 7 }
            tokens += [9] + sequence + Array(repeating: 0, count: length - 1 - used)
            lengths.append(used + 1)
            labels.append(n % 2 == 0 ? 1 : 0)
        }
        let embedding = Embedding(vocabulary: 10, features: 8, standardDeviation: 1, random: &random)
        let block = TransformerEncoderBlock(features: 8, heads: 2, hiddenFeatures: 16, dropout: 0, random: &random)
        let head = Linear(inputFeatures: 8, outputFeatures: 1, random: &random)
        let parameters = (embedding.named("embedding") + block.named("block") + head.named("head")).map(\.parameter)
        let optimizer = AdamW(parameters: parameters, learningRate: 0.01)
        let mask = KeyMask(validLengths: lengths, keys: length)
        let losses: [Float] = (0..<60).map { step in
            let graph = Graph(mode: .training, seed: UInt64(step))
            optimizer.zeroGradients()
            let encoded = block(embedding(tokens, shape: [count, length], in: graph), keyMask: mask, in: graph)
            let summary = graph.reshape(graph.slice(encoded, axis: 1, range: 0..<1), to: [count, 8])
            let loss = graph.binaryCrossEntropy(logits: head(summary, in: graph), targets: Tensor(shape: [count, 1], scalars: labels))
            graph.backward(from: loss)
            optimizer.step()
            return loss.value[]
        }
        #expect(losses.suffix(5).allSatisfy { $0 < losses[0] * 0.3 }, "losses \(losses)")
    }

    @Test func theSameSeedGivesBitIdenticalWeights() {
        func trainedWeights(modelSeed: UInt64, dropoutSeed: UInt64) -> [[Float]] {
            let model = TinyCNN(seed: modelSeed, dropout: 0.3)
            _ = train(model, steps: 5, seed: dropoutSeed)
            return model.namedParameters.map(\.parameter.value.scalars)
        }
        let first = trainedWeights(modelSeed: 3, dropoutSeed: 4)
        #expect(first == trainedWeights(modelSeed: 3, dropoutSeed: 4))
        #expect(first != trainedWeights(modelSeed: 3, dropoutSeed: 5))
        #expect(first != trainedWeights(modelSeed: 6, dropoutSeed: 4))
    }

    @Test func theGradientOfAnIntermediateNodeIsThatOfTheRestOfTheNetwork() {
        let model = TinyCNN(seed: 7)
        let (images, _) = patchImages(count: 3, seed: 8)
        let graph = Graph(mode: .explanation)
        let input = graph.input(images, requiresGradient: true)
        let (logits, lastBlock) = model(input, in: graph)
        graph.backward(from: logits, seed: .basis(shape: logits.shape, at: [1, 0]))
        let camGradient = graph.gradient(of: lastBlock)!
        #expect(camGradient.shape == lastBlock.shape)
        // Only study 1 contributes to its own logit.
        #expect(camGradient.scalars[0..<camGradient.count / 3].allSatisfy { $0 == 0 })
        #expect(camGradient.scalars[camGradient.count / 3..<2 * camGradient.count / 3].contains { $0 != 0 })
        // The same gradient from the tail of the network alone, fed the activations as an input.
        let tailGraph = Graph(mode: .explanation)
        let activations = tailGraph.input(lastBlock.value, requiresGradient: true)
        let tailLogits = model.tail(activations, in: tailGraph)
        tailGraph.backward(from: tailLogits, seed: .basis(shape: logits.shape, at: [1, 0]))
        #expect(tailGraph.gradient(of: activations) == camGradient)
        // Input gradients were asked for; weight gradients are not an explanation's business.
        #expect(graph.gradient(of: input)!.scalars.contains { $0 != 0 })
        #expect(model.namedParameters.allSatisfy { $0.parameter.gradient.scalars.allSatisfy { $0 == 0 } })
    }

    @Test func gradientTimesInputOnEmbeddings() {
        var random = RandomGenerator(seed: 9)
        let embedding = Embedding(vocabulary: 5, features: 4, standardDeviation: 1, random: &random)
        let block = TransformerEncoderBlock(features: 4, heads: 2, hiddenFeatures: 8, random: &random)
        let graph = Graph(mode: .explanation)
        let embedded = embedding([1, 2, 3, 4], shape: [1, 4], in: graph)
        let score = graph.sum(block(embedded, in: graph))
        graph.backward(from: score)
        let gradient = graph.gradient(of: embedded)!
        let attribution = (0..<4).map { token in (0..<4).reduce(Float(0)) { $0 + gradient[0, token, $1] * embedded.value[0, token, $1] } }
        #expect(attribution.count == 4 && attribution.contains { $0 != 0 })
    }

    @Test func inferenceRecordsNothingAndAgreesWithTraining() {
        let model = TinyCNN(seed: 10)
        let (images, _) = patchImages(count: 2, seed: 11)
        let inference = Graph(mode: .inference)
        let logits = model(inference.input(images), in: inference).logits
        #expect(!logits.requiresGradient)
        let training = Graph(mode: .training)
        #expect(model(training.input(images), in: training).logits.value == logits.value)
        // Reusing the inference graph gives the same answer (its scratch memory is reused).
        #expect(model(inference.input(images), in: inference).logits.value == logits.value)
    }

    @Test func backwardPassesAccumulateParameterGradientsUntilZeroed() {
        let model = TinyCNN(seed: 12)
        let (images, labels) = patchImages(count: 4, seed: 13)
        func lossGradient() -> [Float] {
            let graph = Graph(mode: .training)
            graph.backward(from: graph.softmaxCrossEntropy(logits: model(graph.input(images), in: graph).logits, labels: labels))
            return model.head.weight.gradient.scalars
        }
        let once = lossGradient()
        let twice = lossGradient()
        #expect(zip(once, twice).allSatisfy { abs(2 * $0 - $1) <= 1e-6 * abs($1) + 1e-7 })
        model.zeroGradients()
        #expect(lossGradient() == once)
    }
}
