import Evaluation
import Foundation
import Imaging
import Model
import ModelData
import Tokenizer

/// What a model scores on studies it was not trained on, every figure computed from its own outputs.
public struct ModelEvaluation: Codable, Sendable {
    public struct ClassFigures: Codable, Sendable {
        public var auc: Double?
        public var sensitivityAt90Specificity: Double?
        public var specificityAt95Sensitivity: Double?
        /// The pointing game (standard tolerance) over the studies of this class with a lesion on a
        /// slice the model read; nil for "normal" and for text-only models. Which kind of lesion a
        /// map misses says more than the overall figure.
        public var pointingGame: Double?
        /// Of those studies, the share whose key slice shows a lesion at all. The pointing game can only
        /// hit there, so the two figures part a map that looked beside the lesion from a key slice
        /// chosen elsewhere. Nil where the pointing game is.
        public var keySliceOnLesion: Double?
    }

    public var modality: Modality
    public var studies: Int
    public var accuracy: Double
    /// Mean one-vs-rest AUC over the classes that have one (studies in and out of the class); nil when
    /// none has, e.g. on a validation split of one study.
    public var macroAUC: Double?
    public var classes: [String: ClassFigures]
    public var expectedCalibrationError: Double
    public var negativeLogLikelihood: Double
    public var temperature: Double
    /// Rows: true class, columns: predicted, in label order.
    public var confusion: [[Int]]
    /// Studies with a lesion whose Grad-CAM peak (on the key slice) lies inside the lesion, and within
    /// the pointing game's standard tolerance of it; nil for text-only.
    public var pointingGameHits: Int?
    public var pointingGameTolerantHits: Int?
    public var pointingGameStudies: Int?
    /// Studies with a lesion whose key slice shows one; nil for text-only.
    public var keySliceOnLesionStudies: Int?
    /// The pointing game (standard tolerance) by the size of each study's largest lesion, the bands
    /// that have studies, smallest first; nil for text-only and where no lesion's size is known.
    public var pointingGameBySize: [SizeBandFigures]?

    public struct SizeBandFigures: Codable, Sendable, Equatable {
        public var band: LesionSizeBand
        public var studies: Int
        public var hits: Int
        public var pointingGame: Double { Double(hits) / Double(studies) }
    }

    /// With the game's standard tolerance (`PointingGame.standardTolerance`).
    public var pointingGame: Double? { share(pointingGameTolerantHits) }
    /// With the peak inside the lesion itself.
    public var strictPointingGame: Double? { share(pointingGameHits) }
    /// Of the studies with a lesion, those whose key slice shows one.
    public var keySliceOnLesion: Double? { share(keySliceOnLesionStudies) }

    private func share(_ hits: Int?) -> Double? {
        guard let hits, let total = pointingGameStudies, total > 0 else { return nil }
        return Double(hits) / Double(total)
    }
}

/// One study's raw output: logits, the key slice, and whether the heatmap pointed at the lesion
/// (strictly, and within the standard tolerance); nil for studies without a lesion.
public struct StudyOutcome: Sendable {
    public let accession: String
    public let label: Int
    public let logits: [Double]
    /// The study's own slice numbers: the key slice of the true class (where the pointing game looks),
    /// and the read slices a lesion is on.
    public let keySlice: Int?
    public let lesionSlices: [Int]
    public let pointed: (strict: Bool, tolerant: Bool)?
    /// The study's largest lesion's diameter (`LabelledStudy.largestLesionMM`).
    public let largestLesionMM: Double?

    public init(accession: String, label: Int, logits: [Double], keySlice: Int?, lesionSlices: [Int],
                pointed: (strict: Bool, tolerant: Bool)?, largestLesionMM: Double? = nil) {
        self.accession = accession
        self.label = label
        self.logits = logits
        self.keySlice = keySlice
        self.lesionSlices = lesionSlices
        self.pointed = pointed
        self.largestLesionMM = largestLesionMM
    }

    /// Whether the key slice shows a lesion; nil where the pointing game was not played.
    public var keySliceOnLesion: Bool? {
        pointed == nil ? nil : keySlice.map(lesionSlices.contains) ?? false
    }
}

extension StudyOutcome {
    /// One row per study, for looking at the mistakes one by one: probabilities at `temperature`, slices
    /// as the study numbers them (0 = head end), the key slice of the true class, lesion slices separated
    /// by spaces, the pointing game empty for studies without a lesion, the largest lesion's diameter
    /// in millimetres where it is known, and the size band `eval` counts it in (a diameter rounded to
    /// 0.1 mm cannot say on which side of a band's edge it lies: 5.96 mm reads 6.0 and is under 6 mm).
    public static func csv(_ outcomes: [StudyOutcome], labels: [String], temperature: Double = 1) -> String {
        var lines = ["accession,truth,predicted,probability,truth_key_slice,lesion_slices,pointing_game,pointing_game_strict,largest_lesion_mm,"
                     + "largest_lesion_band"]
        for o in outcomes {
            let p = FusionModel.softmax(o.logits, temperature: temperature)
            let top = p.indices.max { p[$0] < p[$1] }!
            let pointed = o.pointed.map { ($0.tolerant ? "1" : "0", $0.strict ? "1" : "0") } ?? ("", "")
            lines.append([o.accession, labels[o.label], labels[top], String(format: "%.3f", p[top]), o.keySlice.map(String.init) ?? "",
                          o.lesionSlices.map(String.init).joined(separator: " "), pointed.0, pointed.1,
                          o.largestLesionMM.map { String(format: "%.1f", $0) } ?? "",
                          o.largestLesionMM.map { LesionSizeBand(diameterMM: $0).rawValue } ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ModelEvaluation {
    /// Runs the model (with explanations, for the pointing game) over `studies`. A lazy sequence renders
    /// each study as it is reached and lets it go: 300 rendered studies are several gigabytes.
    public static func outcomes(of model: FusionModel, tokenizer: WordPieceTokenizer,
                                studies: some Sequence<LabelledStudy>) -> [StudyOutcome] {
        studies.map { study in
            // The map of the true class, as Zhang et al.'s pointing game asks: it measures where the model
            // looks for a finding, apart from whether it ranked that finding first.
            let explained = model.explain(pixels: study.tensor, tokenIDs: tokenizer.ids(study.report, maxLength: model.configuration.maxTokens),
                                          sliceDepthsMM: study.input.sliceDepthsMM, target: study.label)
            let masks = study.lesionMasks ?? [], slices = study.input.sliceIndices
            let lesionSlices = masks.indices.filter { masks[$0] != nil }.map { slices[$0] }
            var pointed: (strict: Bool, tolerant: Bool)?
            if !lesionSlices.isEmpty, let key = explained.keySlicePosition, let map = explained.heatmap {
                pointed = masks[key].map {
                    (PointingGame.hit(heatmap: map.values, mask: $0),
                     PointingGame.hit(heatmap: map.values, mask: $0, tolerance: PointingGame.standardTolerance))
                } ?? (false, false)
            }
            // The explanation's probabilities are tempered; the logits are what calibration is fitted on.
            return StudyOutcome(accession: study.accession, label: study.label, logits: explained.logits,
                                keySlice: explained.keySlicePosition.map { slices[$0] }, lesionSlices: lesionSlices, pointed: pointed,
                                largestLesionMM: study.largestLesionMM)
        }
    }

    public init(outcomes: [StudyOutcome], labels: [String], modality: Modality, temperature: Double) {
        let truth = outcomes.map(\.label)
        let probabilities = outcomes.map { FusionModel.softmax($0.logits, temperature: temperature) }
        let predicted = probabilities.map { p in p.indices.max { p[$0] < p[$1] }! }
        let confusion = ConfusionMatrix(truth: truth, predicted: predicted, classes: labels.count)
        var classes: [String: ClassFigures] = [:]
        for (c, label) in labels.enumerated() {
            let scores = probabilities.map { $0[c] }, positives = truth.map { $0 == c }
            let inClass = outcomes.filter { $0.label == c }
            let pointedInClass = inClass.compactMap(\.pointed), onLesionInClass = inClass.compactMap(\.keySliceOnLesion)
            classes[label] = ClassFigures(auc: ROC.auc(scores: scores, positives: positives),
                                          sensitivityAt90Specificity: ROC.sensitivity(atSpecificity: 0.9, scores: scores, positives: positives),
                                          specificityAt95Sensitivity: ROC.specificity(atSensitivity: 0.95, scores: scores, positives: positives),
                                          pointingGame: modality == .text || pointedInClass.isEmpty ? nil
                                              : Double(pointedInClass.filter(\.tolerant).count) / Double(pointedInClass.count),
                                          keySliceOnLesion: modality == .text || onLesionInClass.isEmpty ? nil
                                              : Double(onLesionInClass.filter { $0 }.count) / Double(onLesionInClass.count))
        }
        let aucs = labels.compactMap { classes[$0]?.auc }
        let pointed = outcomes.compactMap(\.pointed)
        self.init(modality: modality, studies: outcomes.count, accuracy: confusion.accuracy,
                  macroAUC: aucs.isEmpty ? nil : aucs.reduce(0, +) / Double(aucs.count), classes: classes,
                  expectedCalibrationError: Calibration.expectedCalibrationError(probabilities: probabilities, truth: truth),
                  negativeLogLikelihood: Calibration.negativeLogLikelihood(logits: outcomes.map(\.logits), truth: truth,
                                                                           temperature: temperature),
                  temperature: temperature, confusion: confusion.counts,
                  pointingGameHits: modality == .text ? nil : pointed.filter(\.strict).count,
                  pointingGameTolerantHits: modality == .text ? nil : pointed.filter(\.tolerant).count,
                  pointingGameStudies: modality == .text ? nil : pointed.count,
                  keySliceOnLesionStudies: modality == .text ? nil : outcomes.compactMap(\.keySliceOnLesion).filter { $0 }.count,
                  pointingGameBySize: modality == .text ? nil : Self.pointingGameBySize(outcomes))
    }

    /// The played games grouped by the band of the study's largest lesion; nil when no played game's
    /// lesion has a known size.
    static func pointingGameBySize(_ outcomes: [StudyOutcome]) -> [SizeBandFigures]? {
        let sized = outcomes.compactMap { o in o.pointed.flatMap { p in o.largestLesionMM.map { (LesionSizeBand(diameterMM: $0), p.tolerant) } } }
        guard !sized.isEmpty else { return nil }
        return Dictionary(grouping: sized, by: \.0).sorted { $0.key < $1.key }.map { band, games in
            SizeBandFigures(band: band, studies: games.count, hits: games.filter(\.1).count)
        }
    }
}

extension LabelledStudy {
    /// The pixels as the model's input tensor `[slices, channels, matrix, matrix]`.
    public var tensor: Tensor {
        Tensor(shape: [input.sliceCount, input.spec.channels, input.spec.matrix, input.spec.matrix], scalars: input.pixels)
    }
}

extension WordPieceTokenizer {
    /// A report as the model reads it: [CLS], pieces, [SEP], truncated to `maxLength`.
    public func ids(_ text: String, maxLength: Int) -> [Int] {
        encode(text, maxLength: maxLength).ids.map(Int.init)
    }
}

extension ModelDirectory {
    /// The model's outcomes on `studies` and its figures from them, at its own temperature; the
    /// outcomes stay for what is computed from them again (`EvaluationIntervals`, a per-study listing).
    public func measure(on studies: some Sequence<LabelledStudy>) -> (outcomes: [StudyOutcome], evaluation: ModelEvaluation) {
        let outcomes = outcomes(on: studies)
        return (outcomes, evaluation(of: outcomes))
    }

    /// Each study's raw output, for `evaluation(of:)`.
    public func outcomes(on studies: some Sequence<LabelledStudy>) -> [StudyOutcome] {
        ModelEvaluation.outcomes(of: model, tokenizer: WordPieceTokenizer(vocabulary: vocabulary), studies: studies)
    }

    public func evaluation(of outcomes: [StudyOutcome]) -> ModelEvaluation {
        ModelEvaluation(outcomes: outcomes, labels: model.configuration.labels, modality: model.configuration.modality,
                        temperature: model.configuration.temperature)
    }

    /// How studies must be rendered for this model.
    public var inputSpec: StudyInputSpec { model.configuration.inputSpec }
}

extension FusionConfiguration {
    /// How studies must be rendered for a model of this configuration (whose blob scales come with
    /// their divisor: `addingSliceContext` sets both, and `ModelDirectory.load` refuses one alone).
    public var inputSpec: StudyInputSpec {
        StudyInputSpec(matrix: matrix, windows: windows.map { Window(center: $0[0], width: $0[1]) }, maxSlices: maxSlices,
                       contextSlices: contextSlices, contextSpacingMM: contextSpacingMM,
                       blob: blobScalesMM.map { BlobChannel(scalesMM: $0, responseScaleHU: blobResponseScaleHU!) })
    }
}
