import Evaluation
import Model

/// 95 % percentile-bootstrap intervals of a model's main figures on the studies it was measured on
/// (see `Bootstrap`): what a held-out set of a few hundred studies can and cannot tell apart.
public struct EvaluationIntervals: Sendable {
    /// How many resamples of the studies the intervals come from.
    public var resamples: Int
    public var macroAUC: ClosedRange<Double>?
    public var expectedCalibrationError: ClosedRange<Double>?
    /// With the standard tolerance; nil for a text-only model.
    public var pointingGame: ClosedRange<Double>?
    public var classAUC: [String: ClosedRange<Double>]
    public var sensitivityAt90Specificity: [String: ClosedRange<Double>]
    /// The first model's macro AUC minus this one's, draw by draw on the same resampled studies (a
    /// paired interval: both models met the same easy and hard studies in each draw, so the gap is
    /// known better than the two figures' own intervals set side by side say); nil for the first model.
    public var macroAUCGap: ClosedRange<Double>?

    /// Draws used unless told otherwise: enough for the 2.5 % and 97.5 % quantiles to settle to the
    /// third decimal, and about a second per model.
    public static let standardResamples = 1_000

    /// Intervals for each of `models`, which were measured on the same studies in the same order (an
    /// ablation): every model's figures are computed on the same `resamples` draws of those studies,
    /// from `seed`, so they come out the same on every run.
    public static func of(_ models: [(outcomes: [StudyOutcome], evaluation: ModelEvaluation)], labels: [String],
                          resamples: Int = standardResamples, seed: UInt64 = 1) -> [EvaluationIntervals] {
        guard let count = models.first?.outcomes.count, count > 0 else { return [] }
        precondition(models.allSatisfy { $0.outcomes.count == count }, "models measured on the same studies")
        var random = RandomGenerator(seed: seed)
        let draws = (0..<resamples).map { _ in (0..<count).map { _ in Int(random.next(upperBound: UInt64(count))) } }
        let resampled = models.map { model in
            draws.map { draw in
                ModelEvaluation(outcomes: draw.map { model.outcomes[$0] }, labels: labels, modality: model.evaluation.modality,
                                temperature: model.evaluation.temperature)
            }
        }
        func interval(_ values: [Double?]) -> ClosedRange<Double>? { Bootstrap.percentileInterval(values.compactMap { $0 }) }
        return resampled.enumerated().map { index, evaluations in
            var classAUC: [String: ClosedRange<Double>] = [:], sensitivity: [String: ClosedRange<Double>] = [:]
            for label in labels {
                classAUC[label] = interval(evaluations.map { $0.classes[label]?.auc })
                sensitivity[label] = interval(evaluations.map { $0.classes[label]?.sensitivityAt90Specificity })
            }
            let gap = index == 0 ? nil : interval(zip(resampled[0], evaluations).map { first, this in
                first.macroAUC.flatMap { a in this.macroAUC.map { a - $0 } }
            })
            return EvaluationIntervals(resamples: resamples, macroAUC: interval(evaluations.map(\.macroAUC)),
                                       expectedCalibrationError: interval(evaluations.map(\.expectedCalibrationError)),
                                       pointingGame: interval(evaluations.map(\.pointingGame)),
                                       classAUC: classAUC, sensitivityAt90Specificity: sensitivity, macroAUCGap: gap)
        }
    }
}
