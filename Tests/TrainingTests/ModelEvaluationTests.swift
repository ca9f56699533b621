import Model
import Testing
@testable import Training

/// The figures `eval` and the model card print, from outcomes written out by hand.
@Suite("Evaluation figures from study outcomes")
struct ModelEvaluationTests {
    static let labels = ["normal", "benign_nodule", "suspicious_nodule"]

    /// Logits that rank `label` first.
    static func outcome(_ accession: String, label: Int, keySlice: Int, lesionSlices: [Int],
                        pointed: (strict: Bool, tolerant: Bool)?) -> StudyOutcome {
        var logits = [0.0, 0.0, 0.0]
        logits[label] = 3
        return StudyOutcome(accession: accession, label: label, logits: logits, keySlice: keySlice,
                            lesionSlices: lesionSlices, pointed: pointed)
    }

    /// A benign study hit on its lesion's slice, one missed because its key slice shows no lesion,
    /// a suspicious one whose key slice shows the lesion but whose map peaks elsewhere, and a normal one.
    static let outcomes = [
        outcome("A", label: 1, keySlice: 10, lesionSlices: [10, 11], pointed: (true, true)),
        outcome("B", label: 1, keySlice: 5, lesionSlices: [20], pointed: (false, false)),
        outcome("C", label: 2, keySlice: 30, lesionSlices: [30], pointed: (false, false)),
        outcome("D", label: 0, keySlice: 3, lesionSlices: [], pointed: nil),
    ]

    @Test func theKeySliceShareSaysWhichMissesChoseTheWrongSlice() {
        let figures = ModelEvaluation(outcomes: Self.outcomes, labels: Self.labels, modality: .fused, temperature: 1)
        #expect(figures.pointingGameStudies == 3 && figures.pointingGameTolerantHits == 1)
        #expect(figures.keySliceOnLesionStudies == 2)
        #expect(figures.classes["benign_nodule"]?.pointingGame == 0.5)
        #expect(figures.classes["benign_nodule"]?.keySliceOnLesion == 0.5)
        #expect(figures.classes["suspicious_nodule"]?.pointingGame == 0)
        #expect(figures.classes["suspicious_nodule"]?.keySliceOnLesion == 1)
        #expect(figures.classes["normal"]?.keySliceOnLesion == nil)

        let table = EvaluationTable.text([("fused", figures)], labels: Self.labels, data: "hand-written outcomes")
        #expect(table.contains("| fused | 1.000 | 1.000 |"))
        #expect(table.contains("| 0.333 | 0.333 | 0.667 |"), "pointing game, strict, key slice on a lesion: \(table)")
        #expect(table.contains("| benign_nodule | 1.000 |") && table.contains("| 0.500 | 0.500 |"))
    }

    @Test func aTextOnlyModelHasNoKeySlice() {
        let figures = ModelEvaluation(outcomes: Self.outcomes, labels: Self.labels, modality: .text, temperature: 1)
        #expect(figures.keySliceOnLesion == nil && figures.pointingGame == nil)
        #expect(figures.classes.values.allSatisfy { $0.keySliceOnLesion == nil })
    }
}
