/// A residual block: two 3x3 convolutions with group norm, the first one strided, and a strided 1x1
/// projection on the shortcut so the sum has matching shapes.
struct ResidualBlock: Layer {
    let first: Conv2d, firstNorm: GroupNorm
    let second: Conv2d, secondNorm: GroupNorm
    let shortcut: Conv2d

    init(input: Int, output: Int, stride: Int, random: inout RandomGenerator) {
        first = Conv2d(inputChannels: input, outputChannels: output, kernelSize: 3, stride: stride, padding: 1, bias: false, random: &random)
        firstNorm = GroupNorm(channels: output, groups: min(8, output))
        second = Conv2d(inputChannels: output, outputChannels: output, kernelSize: 3, padding: 1, bias: false, random: &random)
        secondNorm = GroupNorm(channels: output, groups: min(8, output))
        shortcut = Conv2d(inputChannels: input, outputChannels: output, kernelSize: 1, stride: stride, bias: false, random: &random)
    }

    func callAsFunction(_ x: Variable, in graph: Graph) -> Variable {
        let h = graph.relu(firstNorm(first(x, in: graph), in: graph))
        return graph.relu(graph.add(secondNorm(second(h, in: graph), in: graph), shortcut(x, in: graph)))
    }

    var namedParameters: [NamedParameter] {
        first.named("first") + firstNorm.named("first_norm") + second.named("second") + secondNorm.named("second_norm")
            + shortcut.named("shortcut")
    }
}

/// What one forward pass over a study gives: the logits, and the nodes explanations read.
public struct FusionOutput {
    /// `[1, classes]`, before temperature.
    public let logits: Variable
    /// `[slices, classes]`: each slice's evidence (nil for a text-only model). The key slice is the
    /// slice with the highest score for the suggested class.
    public let sliceScores: Variable?
    /// `[slices, channels, h, w]`: the last convolution block, Grad-CAM's layer.
    public let activations: Variable?
    /// `[1, tokens, features]`: the token embeddings (before positions), for gradient x input.
    public let tokenEmbeddings: Variable?
}

/// The fusion model: a residual CNN reads each slice (the slices of a study are one batch), a
/// transformer reads the report, and their evidence is added up:
///
/// - image: per-slice class scores, pooled over slices by a softmax over slices per class (a smooth
///   maximum: one slice with a nodule is enough, and every slice still gets a gradient);
/// - text: the [CLS] token of a small transformer encoder;
/// - fusion: the sum of both modalities' logits and a joint head over the pooled image features and
///   the text feature together, so the report can raise or lower what the image suggests (a nodule
///   that "has grown since the prior" is suspicious, the same nodule "stable for two years" is not).
///
/// An image-only or text-only model is the same code with the other branch left out.
public struct FusionModel: Layer {
    public private(set) var configuration: FusionConfiguration
    let stem: Conv2d, stemNorm: GroupNorm
    let blocks: [ResidualBlock]
    let sliceHead: Linear
    let tokens: Embedding, positions: Embedding
    let encoder: [TransformerEncoderBlock]
    let textNorm: LayerNorm
    let textHead: Linear
    let jointHidden: Linear, jointOut: Linear

    /// The same weights with another temperature (fitted after training).
    public func withTemperature(_ temperature: Double) -> FusionModel {
        var copy = self
        copy.configuration.temperature = temperature
        return copy
    }

    public init(_ configuration: FusionConfiguration, seed: UInt64) {
        self.configuration = configuration
        var random = RandomGenerator(seed: seed)
        let widths = configuration.imageWidths, classes = configuration.labels.count, d = configuration.textFeatures
        stem = Conv2d(inputChannels: configuration.channels, outputChannels: widths[0], kernelSize: 3, stride: 2, padding: 1,
                      bias: false, random: &random)
        stemNorm = GroupNorm(channels: widths[0], groups: min(8, widths[0]))
        blocks = zip(widths, widths.dropFirst()).map { ResidualBlock(input: $0, output: $1, stride: 2, random: &random) }
        sliceHead = Linear(inputFeatures: widths.last!, outputFeatures: classes, initialization: .xavier, random: &random)
        tokens = Embedding(vocabulary: configuration.vocabularySize, features: d, random: &random)
        positions = Embedding(vocabulary: configuration.maxTokens, features: d, random: &random)
        encoder = (0..<configuration.textLayers).map { _ in
            TransformerEncoderBlock(features: d, heads: configuration.heads, hiddenFeatures: 2 * d, random: &random)
        }
        textNorm = LayerNorm(features: d)
        textHead = Linear(inputFeatures: d, outputFeatures: classes, initialization: .xavier, random: &random)
        jointHidden = Linear(inputFeatures: widths.last! + d, outputFeatures: d, random: &random)
        jointOut = Linear(inputFeatures: d, outputFeatures: classes, initialization: .xavier, random: &random)
    }

    /// `pixels` is `[slices, channels, matrix, matrix]`; `tokenIDs` one report, [CLS] first.
    public func callAsFunction(pixels: Tensor, tokenIDs: [Int], in graph: Graph) -> FusionOutput {
        var logits: [Variable] = []
        var imageFeature: Variable?, sliceScores: Variable?, activations: Variable?
        if configuration.usesImage {
            var x = graph.relu(stemNorm(stem(graph.input(pixels), in: graph), in: graph))
            for block in blocks { x = block(x, in: graph) }
            activations = x
            let evidence = imageEvidence(x, in: graph)
            (sliceScores, imageFeature) = (evidence.sliceScores, evidence.feature)
            logits.append(evidence.logits)
        }
        var textFeature: Variable?, embeddings: Variable?
        if configuration.usesText {
            let ids = Array(tokenIDs.prefix(configuration.maxTokens))
            let embedded = tokens(ids, shape: [1, ids.count], in: graph)
            embeddings = embedded
            var h = graph.add(embedded, positions(Array(0..<ids.count), shape: [1, ids.count], in: graph))
            for block in encoder { h = block(h, in: graph) }
            let cls = graph.slice(textNorm(h, in: graph), axis: 1, range: 0..<1)
            let feature = graph.reshape(cls, to: [1, configuration.textFeatures])
            textFeature = feature
            logits.append(textHead(feature, in: graph))
        }
        if let imageFeature, let textFeature {
            let joint = graph.concatenate([imageFeature, textFeature], axis: 1)
            logits.append(jointOut(graph.gelu(jointHidden(joint, in: graph)), in: graph))
        }
        let total = logits.dropFirst().reduce(logits[0]) { graph.add($0, $1) }
        return FusionOutput(logits: total, sliceScores: sliceScores, activations: activations, tokenEmbeddings: embeddings)
    }

    /// From the last block's activations `[S, C, h, w]`: per-slice scores `[S, K]`, the study's
    /// image logits `[1, K]` and its pooled feature `[1, C]`.
    func imageEvidence(_ activations: Variable, in graph: Graph) -> (logits: Variable, sliceScores: Variable, feature: Variable) {
        let features = graph.globalAveragePool(activations)             // [S, C]
        let scores = sliceHead(features, in: graph)                     // [S, K]
        let byClass = graph.permute(scores, [1, 0])                     // [K, S]
        let pooled = graph.sum(graph.multiply(graph.softmax(byClass), byClass), axis: 1)
        return (graph.reshape(pooled, to: [1, configuration.labels.count]), scores,
                graph.reshape(graph.max(features, axis: 0), to: [1, features.shape[1]]))
    }

    public var namedParameters: [NamedParameter] {
        var all: [NamedParameter] = []
        if configuration.usesImage {
            all += stem.named("image.stem") + stemNorm.named("image.stem_norm")
            for (index, block) in blocks.enumerated() { all += block.named("image.block\(index + 1)") }
            all += sliceHead.named("image.slice_head")
        }
        if configuration.usesText {
            all += tokens.named("text.tokens") + positions.named("text.positions")
            for (index, block) in encoder.enumerated() { all += block.named("text.encoder\(index + 1)") }
            all += textNorm.named("text.norm") + textHead.named("text.head")
        }
        if configuration.modality == .fused { all += jointHidden.named("fusion.hidden") + jointOut.named("fusion.out") }
        return all
    }
}
