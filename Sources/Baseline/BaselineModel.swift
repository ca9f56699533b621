import Foundation
import Phantom

/// Which phantom studies the baseline learns from, calibrates on and is measured on.
///
/// The three splits come from three different seeds, and none of them is the demo's data seed
/// (2026): the demo must show what the model says about reports it has never seen. Study `i` of
/// a seed depends only on (seed, i), so a split is fully described by its seed and count.
public struct BaselineRecipe: Sendable, Equatable {
    public var trainingSeed: UInt64
    public var trainingCount: Int
    /// Reports the temperature is fitted on.
    public var calibrationSeed: UInt64
    public var calibrationCount: Int
    /// Reports the published metrics are computed on; used for nothing else.
    public var testSeed: UInt64
    public var testCount: Int
    public var bigrams: Bool

    public init(trainingSeed: UInt64 = 7, trainingCount: Int = 600, calibrationSeed: UInt64 = 8, calibrationCount: Int = 200,
                testSeed: UInt64 = 9, testCount: Int = 400, bigrams: Bool = true) {
        precondition(Set([trainingSeed, calibrationSeed, testSeed]).count == 3, "each split needs its own seed")
        precondition(trainingCount > 0 && calibrationCount > 0 && testCount > 0, "every split needs studies")
        self.trainingSeed = trainingSeed; self.trainingCount = trainingCount
        self.calibrationSeed = calibrationSeed; self.calibrationCount = calibrationCount
        self.testSeed = testSeed; self.testCount = testCount
        self.bigrams = bigrams
    }

    /// What the demo uses: 600 training, 200 calibration and 400 test reports.
    public static let demo = BaselineRecipe()

    /// The seeds whose studies the model has seen or been tuned on.
    public var seeds: Set<UInt64> { [trainingSeed, calibrationSeed, testSeed] }

    static func reports(seed: UInt64, count: Int) -> [LabelledReport] {
        let generator = PhantomGenerator(seed: seed)
        return (0..<count).map { LabelledReport(generator.study(index: $0)) }
    }
}

/// The trained, calibrated baseline with the figures measured while making it.
public struct BaselineModel: Sendable {
    /// The `model_id` of every suggestion it makes.
    public static let modelID = "report-naive-bayes-baseline"
    public static let releaseVersion = "0.1"

    public let recipe: BaselineRecipe
    /// Calibrated: `classifier.temperature` is the fitted one.
    public let classifier: ReportClassifier
    /// On the calibration split, where the temperature was fitted.
    public let calibration: BaselineEvaluation
    /// On the test split: the figures to publish.
    public let heldOut: BaselineEvaluation

    /// Trains on the training split, fits the temperature on the calibration split and measures
    /// on the test split. Deterministic: the same recipe gives the same model and figures.
    public static func train(_ recipe: BaselineRecipe = .demo) -> BaselineModel {
        let raw = ReportClassifier.train(BaselineRecipe.reports(seed: recipe.trainingSeed, count: recipe.trainingCount),
                                         bigrams: recipe.bigrams)
        let calibrationReports = BaselineRecipe.reports(seed: recipe.calibrationSeed, count: recipe.calibrationCount)
        let temperature = Calibration.fitTemperature(logits: calibrationReports.map { raw.logits($0.text) },
                                                     labels: calibrationReports.map(\.label))
        let classifier = raw.withTemperature(temperature)
        let testReports = BaselineRecipe.reports(seed: recipe.testSeed, count: recipe.testCount)
        return BaselineModel(recipe: recipe, classifier: classifier,
                             calibration: .evaluate(classifier, on: calibrationReports),
                             heldOut: .evaluate(classifier, on: testReports))
    }

    /// `0.1+seed7n600`: the release and the training split (`.unigrams` appended without bigrams),
    /// so suggestions from differently trained baselines are never mistaken for one another.
    public var modelVersion: String {
        "\(Self.releaseVersion)+seed\(recipe.trainingSeed)n\(recipe.trainingCount)" + (recipe.bigrams ? "" : ".unigrams")
    }

    public func classify(_ text: String) -> ClassProbabilities {
        classifier.classify(text)
    }
}
