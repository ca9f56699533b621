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

/// How much of the image encoder a training step teaches; the rest runs as it is, in an inference
/// pass that records nothing (see `Trainer.addSliceContext`).
public enum EncoderLearning: Sendable, Equatable {
    /// The stem and every block learn: training from scratch and fine-tuning.
    case all
    /// Only the last residual block learns, so features a new layer after it reads can still change.
    case lastBlock
    /// Nothing learns: only the layers after the encoder do.
    case none

    /// How many of the encoder's last `count` blocks learn (the stem only ever with all of them).
    func learnedBlocks(of count: Int) -> Int {
        switch self {
        case .all: count
        case .lastBlock: min(1, count)
        case .none: 0
        }
    }
}

/// What one forward pass over a study gives: the logits, and the nodes explanations and training read.
public struct FusionOutput {
    /// `[1, classes]`, before temperature.
    public let logits: Variable
    /// `[1, classes]`: the image's and the report's own logits (nil when the model lacks that branch),
    /// so training can ask each branch to stand on its own as well as in the sum.
    public let imageLogits: Variable?
    public let textLogits: Variable?
    /// `[slices · grid · grid, classes]`, slice by slice in reading order: each cell's class scores, for
    /// training against lesion masks (nil outside training).
    public let cellScores: Variable?
    /// `[slices, classes]`: each slice's class scores, "no finding" at 0 as in the study's logits, for
    /// training against the lesions on the slice (nil outside training).
    public let sliceLogits: Variable?
    /// `[slices, classes]`: each slice's evidence (nil for a text-only model). The key slice is the
    /// slice with the highest score for the suggested class.
    public let sliceScores: Variable?
    /// `[slices, channels, grid, grid]`: the last convolution block (with the slice context when the
    /// model has one), Grad-CAM's layer.
    public let activations: Variable?
    /// `[1, tokens, features]`: the token embeddings (before positions), for gradient x input.
    public let tokenEmbeddings: Variable?
}

/// The fusion model: a residual CNN reads each slice (the slices of a study are one batch), a
/// transformer reads the report, and their evidence is added up:
///
/// - image: a 1x1 convolution scores every cell of the last block's grid for every finding; a slice's
///   score is a sharp smooth maximum over its cells and the study's a smooth maximum over its slices,
///   so one small nodule on one slice is enough, the cell that found it is where Grad-CAM points, and
///   every cell still gets a gradient (see `imageEvidence`);
/// - text: the [CLS] token of a small transformer encoder;
/// - fusion: the sum of both modalities' logits and a joint head over the image logits and the text
///   feature together, so the report can raise or lower what the image suggests (a nodule that "has
///   grown since the prior" is suspicious, the same nodule "stable for two years" is not).
///
/// An image-only or text-only model is the same code with the other branch left out.
public struct FusionModel: Layer {
    public private(set) var configuration: FusionConfiguration
    let stem: Conv2d, stemNorm: GroupNorm
    let blocks: [ResidualBlock]
    let cellHead: Conv2d
    let sliceContext: SliceContext?
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
        let strides = configuration.imageStrides
        precondition(strides.count == widths.count, "one stride per image width (stem and blocks)")
        // One pixel more than the stride, so neighbouring windows overlap: 3x3 at stride 2, 5x5 at stride 4
        // (a finer matrix read as coarsely after the stem, its small nodules still seen at full detail).
        stem = Conv2d(inputChannels: configuration.stemChannels, outputChannels: widths[0], kernelSize: strides[0] + 1, stride: strides[0],
                      padding: 1, bias: false, random: &random)
        stemNorm = GroupNorm(channels: widths[0], groups: min(8, widths[0]))
        blocks = (1..<widths.count).map { ResidualBlock(input: widths[$0 - 1], output: widths[$0], stride: strides[$0], random: &random) }
        cellHead = Conv2d(inputChannels: configuration.evidenceChannels, outputChannels: classes - 1, kernelSize: 1, random: &random)
        tokens = Embedding(vocabulary: configuration.vocabularySize, features: d, random: &random)
        positions = Embedding(vocabulary: configuration.maxTokens, features: d, random: &random)
        encoder = (0..<configuration.textLayers).map { _ in
            TransformerEncoderBlock(features: d, heads: configuration.heads, hiddenFeatures: 2 * d, random: &random)
        }
        textNorm = LayerNorm(features: d)
        textHead = Linear(inputFeatures: d, outputFeatures: classes, initialization: .xavier, random: &random)
        jointHidden = Linear(inputFeatures: classes + d, outputFeatures: d, random: &random)
        jointOut = Linear(inputFeatures: d, outputFeatures: classes, initialization: .xavier, random: &random)
        // Drawn last, so a model without it gets the same weights from a seed as before it existed.
        sliceContext = configuration.sliceContextMM.map {
            SliceContext(channels: configuration.evidenceChannels, offsetsMM: $0, random: &random)
        }
    }

    /// `pixels` is `[slices, channels, matrix, matrix]`, the slices at `sliceDepthsMM` along the study
    /// (needed by a model with slice context); `tokenIDs` one report, [CLS] first. `encoderLearning`
    /// says how much of the encoder `graph` records (see `EncoderLearning`).
    public func callAsFunction(pixels: Tensor, tokenIDs: [Int], sliceDepthsMM: [Double]? = nil,
                               encoderLearning: EncoderLearning = .all, in graph: Graph) -> FusionOutput {
        let activations: Variable? = !configuration.usesImage ? nil
            : withSliceContext(encode(pixels, in: graph, learning: encoderLearning), depthsMM: sliceDepthsMM, in: graph)
        return self(activations: activations, tokenIDs: tokenIDs, in: graph)
    }

    /// The encoder's output with the slice context added (unchanged for a model without it): the layer
    /// the cell head and Grad-CAM read.
    func withSliceContext(_ encoded: Variable, depthsMM: [Double]?, in graph: Graph) -> Variable {
        guard let sliceContext else { return encoded }
        guard let depthsMM else { preconditionFailure("a model with slice context needs the slices' depths") }
        return sliceContext(encoded, depthsMM: depthsMM, in: graph)
    }

    /// The image encoder: each slice through the stem and the blocks, to the last block's activations
    /// `[slices, channels, grid, grid]`, with the blob channel's maximum over each cell beside them
    /// when the model has one (a fixed feature: nothing before it learns). The layers `learning`
    /// keeps frozen run in an inference pass of their own, and their output enters `graph` as an
    /// input, so it neither records nor back-propagates through them.
    func encode(_ pixels: Tensor, in graph: Graph, learning: EncoderLearning = .all) -> Variable {
        let (windows, blobs) = configuration.blobScalesMM == nil ? (pixels, nil) : Self.splittingLastChannel(of: pixels)
        let learned = learning.learnedBlocks(of: blocks.count)
        let frozen = learning == .all ? graph : Graph(mode: .inference)
        var x = frozen.relu(stemNorm(stem(frozen.input(windows), in: frozen), in: frozen))
        for block in blocks.dropLast(learned) { x = block(x, in: frozen) }
        if frozen !== graph { x = graph.input(x.value) }
        for block in blocks.suffix(learned) { x = block(x, in: graph) }
        guard let blobs else { return x }
        return graph.concatenate([x, graph.input(Self.cellMaxima(blobs, grid: x.shape[2]))], axis: 1)
    }

    /// `[S, C, h, w]` as its first C − 1 channels and its last one.
    static func splittingLastChannel(of pixels: Tensor) -> (Tensor, Tensor) {
        let (slices, channels, plane) = (pixels.shape[0], pixels.shape[1], pixels.shape[2] * pixels.shape[3])
        let values = pixels.scalars
        var first = [Float](), last = [Float]()
        first.reserveCapacity(slices * (channels - 1) * plane)
        last.reserveCapacity(slices * plane)
        for s in 0..<slices {
            let base = s * channels * plane
            first += values[base..<base + (channels - 1) * plane]
            last += values[base + (channels - 1) * plane..<base + channels * plane]
        }
        return (Tensor(shape: [slices, channels - 1, pixels.shape[2], pixels.shape[3]], scalars: first),
                Tensor(shape: [slices, 1, pixels.shape[2], pixels.shape[3]], scalars: last))
    }

    /// `[S, 1, m, m]` to `[S, 1, grid, grid]`, each cell the largest value on its pixels: a nodule's
    /// blob response peaks on a pixel or two of the cell.
    static func cellMaxima(_ map: Tensor, grid: Int) -> Tensor {
        let (slices, m) = (map.shape[0], map.shape[2]), cell = m / grid
        let values = map.scalars
        var pooled = [Float](repeating: -.infinity, count: slices * grid * grid)
        for s in 0..<slices {
            for y in 0..<grid * cell {
                for x in 0..<grid * cell {
                    let target = (s * grid + y / cell) * grid + x / cell
                    pooled[target] = max(pooled[target], values[(s * m + y) * m + x])
                }
            }
        }
        return Tensor(shape: [slices, 1, grid, grid], scalars: pooled)
    }

    /// Each slice's strongest finding score (log-odds against "no finding") from an inference pass
    /// over `pixels` `[slices, channels, matrix, matrix]`: how much the slice looks like any finding.
    /// (A few scattered slices have no neighbours to read, so a model with slice context has no such score.)
    public func strongestFinding(pixels: Tensor) -> [Float] {
        precondition(sliceContext == nil, "slice scores of scattered slices need a model without slice context")
        let graph = Graph(mode: .inference)
        let scores = imageEvidence(encode(pixels, in: graph), in: graph).sliceScores
        let classes = scores.shape[1], values = scores.value.scalars
        return (0..<scores.shape[0]).map { values[$0 * classes] }
    }

    /// Everything after Grad-CAM's layer: the image evidence from `activations` (nil for a text-only
    /// model), the text branch and the fusion.
    func callAsFunction(activations: Variable?, tokenIDs: [Int], in graph: Graph) -> FusionOutput {
        var imageLogits: Variable?, cellScores: Variable?, sliceLogits: Variable?, sliceScores: Variable?
        if let x = activations {
            let evidence = imageEvidence(x, in: graph)
            (imageLogits, sliceScores, cellScores, sliceLogits) = (evidence.logits, evidence.sliceScores, evidence.cellScores, evidence.sliceLogits)
        }
        var textLogits: Variable?, textFeature: Variable?, embeddings: Variable?
        if configuration.usesText {
            let ids = Array(tokenIDs.prefix(configuration.maxTokens))
            let embedded = tokens(ids, shape: [1, ids.count], in: graph)
            embeddings = embedded
            var h = graph.add(embedded, positions(Array(0..<ids.count), shape: [1, ids.count], in: graph))
            for block in encoder { h = block(h, in: graph) }
            let cls = graph.slice(textNorm(h, in: graph), axis: 1, range: 0..<1)
            let feature = graph.reshape(cls, to: [1, configuration.textFeatures])
            textFeature = feature
            textLogits = textHead(feature, in: graph)
        }
        var logits = [imageLogits, textLogits].compactMap { $0 }
        if let imageLogits, let textFeature {
            let joint = graph.concatenate([imageLogits, textFeature], axis: 1)
            logits.append(jointOut(graph.gelu(jointHidden(joint, in: graph)), in: graph))
        }
        let total = logits.dropFirst().reduce(logits[0]) { graph.add($0, $1) }
        return FusionOutput(logits: total, imageLogits: imageLogits, textLogits: textLogits, cellScores: cellScores,
                            sliceLogits: sliceLogits, sliceScores: sliceScores, activations: activations, tokenEmbeddings: embeddings)
    }

    /// How sharply a slice's score follows its best cells: the softmax over cells runs on the scores
    /// times this, so a lesion covering a few of the 1,024 cells still decides the slice.
    static let cellSharpness: Float = 4

    /// From the last block's activations `[S, C, h, w]`: per-cell logits `[S·h·w, K]` and per-slice
    /// logits `[S, K]` (in training, the only reader), per-slice scores `[S, K]` and the study's image
    /// logits `[1, K]`.
    ///
    /// Class 0 is "no finding" and the reference: each cell scores the log-odds of every finding
    /// against it, a slice's score for a finding is the smooth maximum of its cells' and the study's
    /// the smooth maximum of its slices'. "No finding" stays at 0, so it wins exactly when no cell
    /// anywhere makes a finding more likely than not; a maximum of "normal-looking" cells would be
    /// high on every study and could never say the study is abnormal. A slice's no-finding column
    /// holds its strongest finding, so the key slice of a "normal" answer is the one that came
    /// closest to a finding, the one to check before agreeing.
    func imageEvidence(_ activations: Variable, in graph: Graph)
        -> (logits: Variable, sliceScores: Variable, cellScores: Variable?, sliceLogits: Variable?) {
        let slices = activations.shape[0], cells = activations.shape[2] * activations.shape[3]
        let findings = configuration.labels.count - 1
        let map = cellHead(activations, in: graph)                                   // [S, K-1, h, w]
        let byCell = graph.reshape(map, to: [slices * findings, cells])
        let weights = graph.softmax(graph.scale(byCell, by: Self.cellSharpness))
        let perSlice = graph.reshape(graph.sum(graph.multiply(weights, byCell), axis: 1), to: [slices, findings])
        let byFinding = graph.permute(perSlice, [1, 0])                              // [K-1, S]
        let pooled = graph.sum(graph.multiply(graph.softmax(byFinding), byFinding), axis: 1)
        let reference = graph.input(Tensor(zeros: [1, 1]))
        let logits = graph.concatenate([reference, graph.reshape(pooled, to: [1, findings])], axis: 1)
        let strongest = graph.reshape(graph.max(perSlice, axis: 1), to: [slices, 1])
        let sliceScores = graph.concatenate([strongest, perSlice], axis: 1)
        var cellScores: Variable?, sliceLogits: Variable?
        if graph.isTraining {
            let cellFindings = graph.reshape(graph.permute(graph.reshape(map, to: [slices, findings, cells]), [0, 2, 1]),
                                             to: [slices * cells, findings])
            cellScores = graph.concatenate([graph.input(Tensor(zeros: [slices * cells, 1])), cellFindings], axis: 1)
            sliceLogits = graph.concatenate([graph.input(Tensor(zeros: [slices, 1])), perSlice], axis: 1)
        }
        return (logits, sliceScores, cellScores, sliceLogits)
    }

    public var namedParameters: [NamedParameter] {
        var all: [NamedParameter] = []
        if configuration.usesImage {
            all += stem.named("image.stem") + stemNorm.named("image.stem_norm")
            for (index, block) in blocks.enumerated() { all += block.named("image.block\(index + 1)") }
            all += cellHead.named("image.cell_head")
            all += sliceContext?.named("image.slice_context") ?? []
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
