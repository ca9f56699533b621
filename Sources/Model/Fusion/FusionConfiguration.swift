/// Which inputs a model reads: both (the product), or one of them for the ablation that shows what
/// each modality adds.
public enum Modality: String, Codable, Sendable, CaseIterable {
    case fused, image, text
}

/// Everything needed to rebuild a model before its weights are loaded; saved as `config.json` beside
/// `model.safetensors`.
public struct FusionConfiguration: Codable, Sendable, Equatable {
    /// Class names in logit order.
    public var labels: [String]
    public var modality: Modality
    /// Slices are `matrix` x `matrix`, one channel per window (center, width in HU).
    public var matrix: Int
    public var windows: [[Double]]
    public var maxSlices: Int
    /// Output channels of the stem and the two residual blocks; the last block is Grad-CAM's layer.
    public var imageWidths: [Int]
    public var vocabularySize: Int
    /// Longest report in tokens, [CLS] and [SEP] included; longer ones are truncated.
    public var maxTokens: Int
    public var textFeatures: Int
    public var heads: Int
    public var textLayers: Int
    /// Divides the logits before the softmax; fitted on the validation split after training.
    public var temperature: Double

    public init(labels: [String], modality: Modality = .fused, matrix: Int = 128,
                windows: [[Double]] = [[-600, 1500], [50, 350]], maxSlices: Int = 64, imageWidths: [Int] = [16, 32, 64],
                vocabularySize: Int, maxTokens: Int = 192, textFeatures: Int = 64, heads: Int = 4, textLayers: Int = 1,
                temperature: Double = 1) {
        self.labels = labels
        self.modality = modality
        self.matrix = matrix
        self.windows = windows
        self.maxSlices = maxSlices
        self.imageWidths = imageWidths
        self.vocabularySize = vocabularySize
        self.maxTokens = maxTokens
        self.textFeatures = textFeatures
        self.heads = heads
        self.textLayers = textLayers
        self.temperature = temperature
    }

    public var channels: Int { windows.count }
    public var usesImage: Bool { modality != .text }
    public var usesText: Bool { modality != .image }
}
