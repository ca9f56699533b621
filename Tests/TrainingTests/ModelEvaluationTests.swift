import Evaluation
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

    /// Games are grouped by the band of the study's largest lesion; a study without a played game or
    /// a known size is in no band, and a band without studies is left out.
    @Test func thePointingGameIsSplitByLesionSize() throws {
        let sized = [
            StudyOutcome(accession: "A", label: 1, logits: [0, 3, 0], keySlice: 1, lesionSlices: [1], pointed: (false, false), largestLesionMM: 3.5),
            StudyOutcome(accession: "B", label: 1, logits: [0, 3, 0], keySlice: 1, lesionSlices: [1], pointed: (true, true), largestLesionMM: 5.9),
            StudyOutcome(accession: "C", label: 1, logits: [0, 3, 0], keySlice: 1, lesionSlices: [1], pointed: (false, true), largestLesionMM: 12),
            StudyOutcome(accession: "D", label: 2, logits: [0, 0, 3], keySlice: 1, lesionSlices: [1], pointed: (false, false), largestLesionMM: 8.5),
            StudyOutcome(accession: "E", label: 2, logits: [0, 0, 3], keySlice: 1, lesionSlices: [1], pointed: (true, true)),
            StudyOutcome(accession: "F", label: 0, logits: [3, 0, 0], keySlice: 1, lesionSlices: [], pointed: nil),
        ]
        let figures = ModelEvaluation(outcomes: sized, labels: Self.labels, modality: .fused, temperature: 1)
        let bands = try #require(figures.pointingGameBySize)
        #expect(bands == [.init(band: .under6mm, studies: 2, hits: 1), .init(band: .over8mm, studies: 2, hits: 1)])
        #expect(figures.pointingGameStudies == 5, "the overall game still counts the study of unknown size")
        #expect(LesionSizeBand(diameterMM: 6) == .from6To8mm && LesionSizeBand(diameterMM: 8) == .from6To8mm
                && LesionSizeBand(diameterMM: 8.01) == .over8mm)

        let table = EvaluationTable.text([("fused", figures)], labels: Self.labels, data: "hand-written outcomes")
        #expect(table.contains("- fused: under 6 mm 0.500 (1 of 2); over 8 mm 0.500 (1 of 2)"), "\(table)")
        #expect(ModelEvaluation(outcomes: Self.outcomes, labels: Self.labels, modality: .fused, temperature: 1).pointingGameBySize == nil)
        #expect(ModelEvaluation(outcomes: sized, labels: Self.labels, modality: .text, temperature: 1).pointingGameBySize == nil)

        let csv = StudyOutcome.csv(sized, labels: Self.labels)
        #expect(csv.contains(",largest_lesion_mm,largest_lesion_band\n") && csv.contains(",1,1,5.9,under 6 mm\n")
                && csv.contains(",1,0,12.0,over 8 mm\n") && csv.contains("E,suspicious_nodule,suspicious_nodule"), "\(csv)")
    }

    @Test func aTextOnlyModelHasNoKeySlice() {
        let figures = ModelEvaluation(outcomes: Self.outcomes, labels: Self.labels, modality: .text, temperature: 1)
        #expect(figures.keySliceOnLesion == nil && figures.pointingGame == nil)
        #expect(figures.classes.values.allSatisfy { $0.keySliceOnLesion == nil })
    }

    /// A noisy three-class model on `count` studies, from `seed`: the true class's logit raised by
    /// `signal` over Gaussian-ish noise, a third of the studies with a lesion the map finds half the time.
    static func noisyOutcomes(count: Int, signal: Double, seed: UInt64) -> [StudyOutcome] {
        var random = RandomGenerator(seed: seed)
        func noise() -> Double { (0..<4).reduce(0) { sum, _ in sum + Double(random.next() >> 11) / Double(1 << 53) } - 2 }
        return (0..<count).map { i in
            let label = i % 3
            var logits = (0..<3).map { _ in noise() }
            logits[label] += signal
            let pointed: (strict: Bool, tolerant: Bool)? = label == 0 ? nil : (false, random.next() % 2 == 0)
            return StudyOutcome(accession: "S\(i)", label: label, logits: logits, keySlice: 1, lesionSlices: [1], pointed: pointed)
        }
    }

    /// The intervals hold their figure, are the same from one run to the next, narrow as the studies
    /// grow (four times the studies, about half the width, as for any mean), and a perfect model's
    /// are a point.
    @Test func bootstrapIntervalsHoldTheFigureAndNarrowWithMoreStudies() throws {
        let few = Self.noisyOutcomes(count: 150, signal: 1.2, seed: 3), many = Self.noisyOutcomes(count: 600, signal: 1.2, seed: 3)
        func intervals(_ outcomes: [StudyOutcome]) -> EvaluationIntervals {
            EvaluationIntervals.of([(outcomes, ModelEvaluation(outcomes: outcomes, labels: Self.labels, modality: .fused, temperature: 1))],
                                   labels: Self.labels, resamples: 400)[0]
        }
        let small = intervals(few), large = intervals(many)
        let figures = ModelEvaluation(outcomes: few, labels: Self.labels, modality: .fused, temperature: 1)
        let auc = try #require(small.macroAUC), pointing = try #require(small.pointingGame)
        let pointAUC = try #require(figures.macroAUC), pointPointing = try #require(figures.pointingGame)
        #expect(auc.contains(pointAUC) && pointing.contains(pointPointing))
        #expect(auc.upperBound - auc.lowerBound > 0.01 && small.macroAUCGap == nil)
        let ratio = (large.macroAUC!.upperBound - large.macroAUC!.lowerBound) / (auc.upperBound - auc.lowerBound)
        #expect((0.35...0.7).contains(ratio), "width ratio \(ratio)")
        #expect(intervals(few).macroAUC == auc && intervals(few).sensitivityAt90Specificity == small.sensitivityAt90Specificity)

        let perfect = intervals(Self.outcomes)
        #expect(perfect.classAUC["benign_nodule"] == 1...1 && perfect.sensitivityAt90Specificity["benign_nodule"] == 1...1)
    }

    /// Two models on the same studies are compared draw by draw: a model against itself differs by
    /// exactly nothing, a weaker one is below by an interval that excludes 0 and holds the gap.
    @Test func anAblationsGapIsMeasuredOnTheSameDraws() throws {
        let strong = Self.noisyOutcomes(count: 300, signal: 1.5, seed: 5)
        let weak = strong.map { o in
            StudyOutcome(accession: o.accession, label: o.label, logits: o.logits.enumerated().map { $0.offset == o.label ? $0.element - 1 : $0.element },
                         keySlice: o.keySlice, lesionSlices: o.lesionSlices, pointed: o.pointed)
        }
        func measured(_ outcomes: [StudyOutcome]) -> (outcomes: [StudyOutcome], evaluation: ModelEvaluation) {
            (outcomes, ModelEvaluation(outcomes: outcomes, labels: Self.labels, modality: .fused, temperature: 1))
        }
        let intervals = EvaluationIntervals.of([measured(strong), measured(strong), measured(weak)], labels: Self.labels, resamples: 300)
        #expect(intervals[1].macroAUCGap == 0...0)
        let gap = try #require(intervals[2].macroAUCGap)
        let strongAUC = try #require(measured(strong).evaluation.macroAUC), weakAUC = try #require(measured(weak).evaluation.macroAUC)
        let pointGap = strongAUC - weakAUC
        #expect(gap.lowerBound > 0 && gap.contains(pointGap), "gap \(pointGap) in \(gap)")
        // Paired, and the weak model only a shifted copy of the strong one, the gap is known better than its own figure.
        let own = try #require(intervals[2].macroAUC)
        #expect(gap.upperBound - gap.lowerBound < own.upperBound - own.lowerBound)

        let table = EvaluationTable.text([("fused", measured(strong).evaluation), ("text", measured(weak).evaluation)], labels: Self.labels,
                                         data: "simulated", intervals: [intervals[0], intervals[2]])
        #expect(table.contains("text: 95 % intervals (percentile bootstrap, 300 draws of the studies)"))
        #expect(table.contains("the fused model's macro AUC minus this one's \(EvaluationTable.range(gap))"), "\(table)")
    }
}
