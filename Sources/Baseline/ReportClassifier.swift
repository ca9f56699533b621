import Foundation
import Phantom

/// A report and the class it belongs to: what the baseline learns from.
public struct LabelledReport: Sendable, Equatable {
    public var text: String
    public var label: PhantomLabel

    public init(text: String, label: PhantomLabel) {
        self.text = text
        self.label = label
    }

    /// Only the report text and the label are taken; no pixel of the study is rendered (the
    /// phantom builds its scene lazily, so making a study for its report is cheap).
    public init(_ study: PhantomStudy) {
        self.init(text: study.report.text, label: study.label)
    }
}

/// Multinomial naive Bayes over report tokens: the interim suggestion source until the image
/// model exists.
///
/// Why this model: it is trained for real on data it has never been evaluated on, it is small
/// enough to read in one sitting, and it is honest about what it sees (the report text only, no
/// pixel). Its weakness is known too: it treats tokens as independent, so the evidence of a
/// long report is counted many times over and its raw posteriors are far too sure of themselves;
/// `temperature` (fitted on held-out reports by `Calibration`) divides the log-posteriors to
/// bring them back to frequencies that mean something.
///
/// - Training counts each feature (see `ReportTokenizer.features`) per class;
///   P(feature | class) = (count + α) / (class total + α·|V|) with Laplace smoothing α = 1.
/// - The score of a class is log P(class) + Σ count(feature) · log P(feature | class) over the
///   features of the report that were seen in training; features outside the training
///   vocabulary are skipped, as usual for naive Bayes with a vocabulary fixed at training time.
/// - Classes are `PhantomLabel.allCases`; a class without training examples gets the smoothed
///   prior and uniform likelihoods rather than a crash.
public struct ReportClassifier: Sendable {
    /// Laplace (add-one) smoothing.
    public static let defaultSmoothing = 1.0

    public let usesBigrams: Bool
    public let smoothing: Double
    /// Reports it was trained on.
    public let trainingCount: Int
    /// Divides the log-posteriors before the softmax; 1 until calibrated.
    public let temperature: Double
    /// Sorted, so that indices (and everything computed from them) do not depend on hashing.
    private let vocabulary: [String]
    private let index: [String: Int]
    /// log P(class), in `allCases` order.
    private let logPriors: [Double]
    /// `logLikelihoods[class][feature]` = log P(feature | class).
    private let logLikelihoods: [[Double]]

    public var vocabularySize: Int { vocabulary.count }

    /// Counts the features of `examples` per class.
    public static func train(_ examples: [LabelledReport], bigrams: Bool = true,
                             smoothing: Double = defaultSmoothing) -> ReportClassifier {
        precondition(smoothing > 0, "smoothing keeps unseen pairs finite; it must be positive")
        let classes = PhantomLabel.allCases
        let featureLists = examples.map { ReportTokenizer.features($0.text, bigrams: bigrams) }
        let vocabulary = Array(Set(featureLists.joined())).sorted()
        let index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })

        var counts = Array(repeating: Array(repeating: 0.0, count: vocabulary.count), count: classes.count)
        var documents = Array(repeating: 0.0, count: classes.count)
        for (example, features) in zip(examples, featureLists) {
            let c = classes.firstIndex(of: example.label)!
            documents[c] += 1
            for feature in features { counts[c][index[feature]!] += 1 }
        }
        let logPriors = documents.map { log(($0 + smoothing) / (Double(examples.count) + smoothing * Double(classes.count))) }
        let logLikelihoods = counts.map { row -> [Double] in
            let denominator = log(row.reduce(0, +) + smoothing * Double(vocabulary.count))
            return row.map { log($0 + smoothing) - denominator }
        }
        return ReportClassifier(usesBigrams: bigrams, smoothing: smoothing, trainingCount: examples.count, temperature: 1,
                                vocabulary: vocabulary, index: index, logPriors: logPriors, logLikelihoods: logLikelihoods)
    }

    /// Trains on the reports of `studies`, their labels as the answers.
    public static func train(studies: [PhantomStudy], bigrams: Bool = true,
                             smoothing: Double = defaultSmoothing) -> ReportClassifier {
        train(studies.map(LabelledReport.init), bigrams: bigrams, smoothing: smoothing)
    }

    /// The same model with another temperature (see `Calibration.fitTemperature`).
    public func withTemperature(_ temperature: Double) -> ReportClassifier {
        precondition(temperature > 0, "the temperature must be positive")
        return ReportClassifier(usesBigrams: usesBigrams, smoothing: smoothing, trainingCount: trainingCount,
                                temperature: temperature, vocabulary: vocabulary, index: index, logPriors: logPriors,
                                logLikelihoods: logLikelihoods)
    }

    /// Unnormalised log-posteriors log P(class) + log P(text | class), one per class in
    /// `allCases` order, before the temperature.
    public func logits(_ text: String) -> [Double] {
        var scores = logPriors
        for feature in ReportTokenizer.features(text, bigrams: usesBigrams) {
            guard let f = index[feature] else { continue }
            for c in scores.indices { scores[c] += logLikelihoods[c][f] }
        }
        return scores
    }

    /// Probabilities of every class for `text`, at this model's temperature.
    public func classify(_ text: String) -> ClassProbabilities {
        ClassProbabilities(logits: logits(text), temperature: temperature)
    }
}
