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
        let explained = model.explain(pixels: tensor, tokenIDs: encoding.ids.map(Int.init), sliceDepthsMM: input.sliceDepthsMM)
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

extension StudySuggestion {
    /// The report's words with the most positive attribution, strongest first: each token widened to
    /// its whole word (a WordPiece fragment alone reads as noise), punctuation left out, each word once.
    public func highlightedWords(in report: String, count: Int = 6) -> [String] {
        var words: [String] = []
        for (range, score) in tokenAttributions.sorted(by: { $0.score > $1.score }) where score > 0 {
            let word = Self.word(around: range, in: report)
            // A lone Latin letter ("a") would light up all over the report.
            let meaningful = word.count > 1 || word.unicodeScalars.allSatisfy { $0.value >= 0x2E80 }
            guard meaningful, word.contains(where: { $0.isLetter || $0.isNumber }), !words.contains(word) else { continue }
            words.append(word)
            if words.count == count { break }
        }
        return words
    }

    /// Latin words grow to their letters and digits on both sides; an ideograph is a word by itself.
    private static func word(around range: Range<String.Index>, in text: String) -> String {
        let isWordCharacter = { (c: Character) in (c.isLetter || c.isNumber) && c.unicodeScalars.allSatisfy { $0.value < 0x2E80 } }
        guard text[range].allSatisfy(isWordCharacter) else { return String(text[range]) }
        var lower = range.lowerBound, upper = range.upperBound
        while lower > text.startIndex, isWordCharacter(text[text.index(before: lower)]) { lower = text.index(before: lower) }
        while upper < text.endIndex, isWordCharacter(text[upper]) { upper = text.index(after: upper) }
        return String(text[lower..<upper])
    }
}

extension StudySuggestion {
    /// One line of a suggestions file as `lightbox import --suggestions` reads it.
    public func jsonLine(studyUID: String, accession: String?, modelVersion: String, report: String, heatmapPath: String?) -> String {
        var object: [String: Any] = [
            "study_uid": studyUID, "model_id": ModelDirectory.modelID, "model_version": modelVersion,
            "probabilities": Dictionary(uniqueKeysWithValues: zip(labels, probabilities)),
            "key_slice": keySlice.map { $0 as Any } ?? NSNull(),
        ]
        if let accession { object["accession"] = accession }
        if let heatmapPath { object["heatmap"] = heatmapPath }
        let words = highlightedWords(in: report)
        if !words.isEmpty { object["highlights"] = words }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The Grad-CAM map as a grey PNG (white = strongest evidence), the form the case view overlays.
    public func writeHeatmap(to path: String) throws(ImagingError) {
        guard let heatmap else { return }
        let grey = heatmap.values.flatMap { v -> [UInt8] in let b = UInt8((min(max(v, 0), 1) * 255).rounded()); return [b, b, b] }
        try PNGCodec.writeRGB(grey, width: heatmap.size, height: heatmap.size, to: path)
    }
}
