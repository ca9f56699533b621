import Foundation
import Testing
@testable import Evaluation

@Suite struct MetricTests {
    @Test func aucMatchesHandCountedPairs() {
        // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ordered right.
        #expect(ROC.auc(scores: [0.1, 0.4, 0.35, 0.8], positives: [false, false, true, true]) == 0.75)
        // Positives {0.5, 0.9}, negatives {0.5, 0.2}: pairs 0.5 (tie), 1, 1, 1 → 3.5 / 4.
        #expect(ROC.auc(scores: [0.5, 0.5, 0.2, 0.9], positives: [true, false, false, true]) == 0.875)
        // Everything tied is a coin toss; perfect and reversed orders are 1 and 0.
        #expect(ROC.auc(scores: [0.3, 0.3, 0.3], positives: [true, false, true]) == 0.5)
        #expect(ROC.auc(scores: [1, 2, 3, 4], positives: [false, false, true, true]) == 1)
        #expect(ROC.auc(scores: [1, 2, 3, 4], positives: [true, true, false, false]) == 0)
        // Positives {0.7, 0.7, 0.9}, negatives {0.7, 0.1}, a three-way tie across both:
        // 0.7 vs 0.7 → ½ twice, 0.7 vs 0.1 → 1 twice, 0.9 beats both → 2; 5 of 6 pairs.
        let auc = ROC.auc(scores: [0.7, 0.1, 0.7, 0.9, 0.7], positives: [true, false, true, true, false])
        #expect(abs(auc! - 5.0 / 6.0) < 1e-12)
    }

    /// The 2.5 % and 97.5 % quantiles by rank: of 1…100, the 3rd and the 98th value.
    @Test func percentileIntervalsTakeTheQuantilesByRank() {
        #expect(Bootstrap.percentileInterval((1...100).map(Double.init).shuffled()) == 3...98)
        #expect(Bootstrap.percentileInterval((1...100).map(Double.init), level: 0.5) == 25...75)
        #expect(Bootstrap.percentileInterval([0.7, 0.7, 0.7]) == 0.7...0.7)
        #expect(Bootstrap.percentileInterval([]) == nil)
    }

    @Test func aucIsUndefinedWithoutBothClasses() {
        #expect(ROC.auc(scores: [0.2, 0.4], positives: [true, true]) == nil)
        #expect(ROC.auc(scores: [0.2, 0.4], positives: [false, false]) == nil)
    }

    @Test func fittedTemperatureIsTheMinimumOfTheNLL() {
        // Over-confident logits: right 3 times out of 4, always 20 nats sure.
        let logits: [[Double]] = [[20, 0, 0, 0, 0, 0], [0, 20, 0, 0, 0, 0], [0, 0, 20, 0, 0, 0], [20, 0, 0, 0, 0, 0]]
        let labels = [0, 1, 2, 4]
        let t = Calibration.fitTemperature(logits: logits, truth: labels)
        #expect(t > 1)
        let best = Calibration.negativeLogLikelihood(logits: logits, truth: labels, temperature: t)
        #expect(best < Calibration.negativeLogLikelihood(logits: logits, truth: labels, temperature: 1))
        for other in stride(from: 0.5, through: 50, by: 0.25) {
            #expect(best <= Calibration.negativeLogLikelihood(logits: logits, truth: labels, temperature: other) + 1e-9)
        }
        // Closed form: p(right) = e^(20/T) / (e^(20/T) + 5) must equal 3/4, so 20/T = ln 15.
        #expect(abs(t - 20 / log(15.0)) < 1e-6)
    }

    @Test func operatingPointsAreReadOffTheThresholds() {
        // Scores of 4 positives and 6 negatives; thresholds from the top: 0.9 (P), 0.8 (N), 0.7 (P), 0.6 (P),
        // 0.5 (N), 0.4 (P), 0.3 (N) x4.
        let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3]
        let positives = [true, false, true, true, false, true, false, false, false, false]
        // Specificity ≥ 0.8 allows up to one false positive of six... 5/6 ≈ 0.83 after 0.8 and 0.7, 0.6: 3 of 4 caught.
        #expect(ROC.sensitivity(atSpecificity: 0.8, scores: scores, positives: positives) == 0.75)
        #expect(ROC.sensitivity(atSpecificity: 1, scores: scores, positives: positives) == 0.25)
        // Sensitivity 1 needs the threshold 0.4: two negatives above it, 4 of 6 cleared.
        #expect(abs(ROC.specificity(atSensitivity: 1, scores: scores, positives: positives)! - 4.0 / 6.0) < 1e-12)
        #expect(ROC.sensitivity(atSpecificity: 0.9, scores: [1], positives: [true]) == nil)
    }

    @Test func calibrationErrorIsTheGapBetweenConfidenceAndAccuracy() {
        // Ten examples all 0.8 sure of class 0; 8 right → perfectly calibrated; 5 right → off by 0.3.
        let probabilities = Array(repeating: [0.8, 0.2], count: 10)
        #expect(abs(Calibration.expectedCalibrationError(probabilities: probabilities, truth: Array(repeating: 0, count: 8) + [1, 1])) < 1e-12)
        let half = Calibration.expectedCalibrationError(probabilities: probabilities, truth: Array(repeating: 0, count: 5) + Array(repeating: 1, count: 5))
        #expect(abs(half - 0.3) < 1e-12)
        // Two bins: 0.95-sure and right (gap 0.05), 0.55-sure and wrong (gap 0.55) → (0.05 + 0.55) / 2.
        let mixed = Calibration.expectedCalibrationError(probabilities: [[0.95, 0.05], [0.55, 0.45]], truth: [0, 1])
        #expect(abs(mixed - 0.3) < 1e-12)
    }

    /// Zhang et al.'s tolerance: a peak just beside the lesion still counts, one farther away does not.
    @Test func thePointingGameForgivesAPeakWithinTheStandardTolerance() {
        // 30x30: the tolerance is 15/224 · 30 ≈ 2 pixels.
        var mask = [UInt8](repeating: 0, count: 900)
        mask[10 * 30 + 10] = 1
        func peak(at row: Int, _ column: Int) -> [Float] {
            var map = [Float](repeating: 0, count: 900)
            map[row * 30 + column] = 1
            return map
        }
        #expect(PointingGame.hit(heatmap: peak(at: 10, 10), mask: mask))
        #expect(!PointingGame.hit(heatmap: peak(at: 11, 11), mask: mask))
        #expect(PointingGame.hit(heatmap: peak(at: 11, 11), mask: mask, tolerance: PointingGame.standardTolerance))
        #expect(PointingGame.hit(heatmap: peak(at: 12, 10), mask: mask, tolerance: PointingGame.standardTolerance))
        #expect(!PointingGame.hit(heatmap: peak(at: 12, 12), mask: mask, tolerance: PointingGame.standardTolerance))
        #expect(!PointingGame.hit(heatmap: peak(at: 13, 10), mask: mask, tolerance: PointingGame.standardTolerance))
    }

    @Test func thePointingGameLooksAtThePeakOnly() {
        let mask: [UInt8] = [0, 0, 1, 1]
        #expect(PointingGame.hit(heatmap: [0.1, 0.2, 0.9, 0.3], mask: mask))
        #expect(!PointingGame.hit(heatmap: [0.95, 0.2, 0.9, 0.3], mask: mask))
        #expect(!PointingGame.hit(heatmap: [0.5, 0.2, 0.5, 0.3], mask: mask))  // a tie goes to the first
    }

    @Test func confusionMatrixCountsAndAccuracy() {
        let matrix = ConfusionMatrix(truth: [0, 0, 1, 2, 2], predicted: [0, 1, 1, 2, 0], classes: 3)
        #expect(matrix.counts == [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
        #expect(abs(matrix.accuracy - 0.6) < 1e-12)
    }
}
