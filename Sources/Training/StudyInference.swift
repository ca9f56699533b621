import Foundation
import Imaging
import Model
import ModelData
import Tokenizer

/// A model's suggestion for one study read from DICOM, in the terms of the study (not of the model's
/// slice sample): the key slice is the study's own slice number.
public struct StudySuggestion: Sendable {
    public let labels: [String]
    public let probabilities: [Double]
    public let topClass: Int
    /// Zero-based slice of the series, head first as Lightbox orders them.
    public let keySlice: Int?
    /// Grad-CAM of the top class on the key slice, `size` x `size`, 0…1.
    public let heatmap: GradCAM.Map?
    /// For each report token (without [CLS]/[SEP]): its range in the report and its attribution.
    public let tokenAttributions: [(range: Range<String.Index>, score: Float)]
}

extension ModelDirectory {
    /// Runs the model the way review sees a study: the volume through the product's own downsampling.
    public func suggest(volume: Volume, report: String) -> StudySuggestion {
        let configuration = model.configuration
        let spec = inputSpec
        let input = StudyInput(volume: volume, spec: spec)
        let tensor = Tensor(shape: [input.sliceCount, spec.channels, spec.matrix, spec.matrix], scalars: input.pixels)
        let encoding = WordPieceTokenizer(vocabulary: vocabulary).encode(report, maxLength: configuration.maxTokens)
        let explained = model.explain(pixels: tensor, tokenIDs: encoding.ids.map(Int.init))
        let ranges = encoding.ranges(in: report)
        var attributions: [(Range<String.Index>, Float)] = []
        for (index, score) in explained.tokenAttributions.enumerated() where index < ranges.count {
            if let range = ranges[index] { attributions.append((range, score)) }
        }
        return StudySuggestion(labels: configuration.labels, probabilities: explained.probabilities, topClass: explained.topClass,
                               keySlice: explained.keySlicePosition.map { input.sliceIndices[$0] }, heatmap: explained.heatmap,
                               tokenAttributions: attributions)
    }
}
