import Evaluation
import Phantom

/// How a classifier does on reports it was not trained on. Every figure is computed from the
/// model's own outputs on those reports; nothing is estimated or copied.
public struct BaselineEvaluation: Sendable, Equatable {
    /// Reports evaluated.
    public let count: Int
    /// Share of reports whose most probable class is the true one.
    public let accuracy: Double
    /// One-vs-rest AUC of each class's probability; a class absent from the reports (or the
    /// only one present) has no AUC and is left out.
    public let perClassAUC: [PhantomLabel: Double]
    /// The unweighted mean of `perClassAUC`.
    public let macroAUC: Double
    /// Mean negative log-likelihood (nats per report) of the raw naive Bayes posteriors (T = 1).
    public let nllBeforeTemperature: Double
    /// The same at the classifier's temperature.
    public let nllAfterTemperature: Double
    public let temperature: Double
    /// `confusion[truth][predicted]`, both in `PhantomLabel.allCases` order.
    public let confusion: ConfusionMatrix

    /// Classifies each report once and scores the answers. AUCs use the probabilities at the
    /// classifier's temperature, which are the ones the demo shows.
    public static func evaluate(_ classifier: ReportClassifier, on examples: [LabelledReport]) -> BaselineEvaluation {
        precondition(!examples.isEmpty, "an evaluation needs reports")
        let classes = PhantomLabel.allCases
        let logits = examples.map { classifier.logits($0.text) }
        let labels = examples.map(\.label)
        let probabilities = logits.map { ClassProbabilities(logits: $0, temperature: classifier.temperature) }

        let truth = labels.map { classes.firstIndex(of: $0)! }
        let confusion = ConfusionMatrix(truth: truth, predicted: probabilities.map { classes.firstIndex(of: $0.top.label)! },
                                        classes: classes.count)

        var perClass: [PhantomLabel: Double] = [:]
        for (c, label) in classes.enumerated() {
            perClass[label] = ROC.auc(scores: probabilities.map { $0.values[c] }, positives: labels.map { $0 == label })
        }
        let present = classes.compactMap { perClass[$0] }   // allCases order: the sum does not depend on hashing
        return BaselineEvaluation(
            count: examples.count,
            accuracy: confusion.accuracy,
            perClassAUC: perClass,
            macroAUC: present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count),
            nllBeforeTemperature: Calibration.negativeLogLikelihood(logits: logits, truth: truth, temperature: 1),
            nllAfterTemperature: Calibration.negativeLogLikelihood(logits: logits, truth: truth,
                                                                   temperature: classifier.temperature),
            temperature: classifier.temperature,
            confusion: confusion)
    }
}
