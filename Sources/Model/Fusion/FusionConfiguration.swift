/// Which inputs a model reads: both (the product), or one of them for the ablation that shows what
/// each modality adds.
public enum Modality: String, Codable, Sendable, CaseIterable {
    case fused, image, text
}

/// Everything needed to rebuild a model before its weights are loaded; saved as `config.json` beside
/// `model.safetensors`.
public struct FusionConfiguration: Codable, Sendable, Equatable {
    /// Class names in logit order; the first is "no finding", against which the image branch scores
    /// the others.
    public var labels: [String]
    public var modality: Modality
    /// Slices are `matrix` x `matrix`, one channel per window (center, width in HU).
    public var matrix: Int
    public var windows: [[Double]]
    /// Neighbouring slices on each side shown with each slice, in the first window, and how far
    /// apart in millimetres (nil: adjacent slices; see `StudyInputSpec`).
    public var contextSlices: Int
    public var contextSpacingMM: Double?
    public var maxSlices: Int
    /// Output channels of the stem and the residual blocks; the last block is Grad-CAM's layer.
    public var imageWidths: [Int]
    /// Strides of the stem and of each block. Their product sets the grid of the last block, where
    /// Grad-CAM is read: 2, 2, 1 leave 32 cells a side at 128, about 11 mm, fine enough to point at
    /// a nodule (a 16x16 map's 22 mm cells are not).
    public var imageStrides: [Int]
    /// Where the last block's cells look above and below, in millimetres (see `SliceContext`); nil: each
    /// slice on its own.
    public var sliceContextMM: [Double]?
    /// Scales of the blob filter whose response, the input's last channel, joins the last block as
    /// one more channel, maximum-pooled to its grid (see `StudyInputSpec`); nil: none.
    public var blobScalesMM: [Double]?
    /// What the blob filter's response in HU was divided by when the model learnt the channel; its
    /// weights expect that scale. Nil without a blob channel, given with one.
    public var blobResponseScaleHU: Double?
    public var vocabularySize: Int
    /// Longest report in tokens, [CLS] and [SEP] included; longer ones are truncated.
    public var maxTokens: Int
    public var textFeatures: Int
    public var heads: Int
    public var textLayers: Int
    /// Divides the logits before the softmax; fitted on the validation split after training.
    public var temperature: Double

    public init(labels: [String], modality: Modality = .fused, matrix: Int = 128,
                windows: [[Double]] = [[-600, 1500], [50, 350], [-800, 400]], contextSlices: Int = 0, contextSpacingMM: Double? = nil,
                maxSlices: Int = 80, imageWidths: [Int] = [16, 32, 32], imageStrides: [Int] = [2, 2, 1], sliceContextMM: [Double]? = nil,
                vocabularySize: Int, maxTokens: Int = 192, textFeatures: Int = 64, heads: Int = 4, textLayers: Int = 1,
                temperature: Double = 1) {
        self.labels = labels
        self.modality = modality
        self.matrix = matrix
        self.windows = windows
        self.contextSlices = contextSlices
        self.contextSpacingMM = contextSpacingMM
        self.maxSlices = maxSlices
        self.imageWidths = imageWidths
        self.imageStrides = imageStrides
        self.sliceContextMM = sliceContextMM
        self.vocabularySize = vocabularySize
        self.maxTokens = maxTokens
        self.textFeatures = textFeatures
        self.heads = heads
        self.textLayers = textLayers
        self.temperature = temperature
    }

    /// Input channels: the windows, the neighbours, and the blob channel when there is one.
    public var channels: Int { stemChannels + (blobScalesMM == nil ? 0 : 1) }
    /// The input channels the stem reads: the windows and the neighbours.
    public var stemChannels: Int { windows.count + 2 * contextSlices }
    /// Channels of Grad-CAM's layer: the last block's, and the blob channel when there is one.
    public var evidenceChannels: Int { imageWidths.last! + (blobScalesMM == nil ? 0 : 1) }
    /// Cells a side of the last block's grid, the resolution of Grad-CAM before upsampling.
    public var gridSize: Int { matrix / imageStrides.reduce(1, *) }
    public var usesImage: Bool { modality != .text }
    /// The distances the slice context reads above and below, each once, nearest first (none without it).
    public var sliceContextDistancesMM: [Double] { Set((sliceContextMM ?? []).map(abs)).sorted() }
    public var usesText: Bool { modality != .image }
}
