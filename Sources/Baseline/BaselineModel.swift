import Evaluation
import Foundation
import Phantom
import Synchronization

/// Which phantom studies the baseline learns from, calibrates on and is measured on.
///
/// The three splits come from three different seeds, and none of them is the demo's data seed
/// (2026): the demo must show what the model says about reports it has never seen. Study `i` of
/// a seed depends only on (seed, i), so a split is fully described by its seed and count. The
/// fields are read-only so that the seeds `init` checks stay distinct.
public struct BaselineRecipe: Sendable, Equatable {
    public private(set) var trainingSeed: UInt64
    public private(set) var trainingCount: Int
    /// Reports the temperature is fitted on.
    public private(set) var calibrationSeed: UInt64
    public private(set) var calibrationCount: Int
    /// Reports the published metrics are computed on; used for nothing else.
    public private(set) var testSeed: UInt64
    public private(set) var testCount: Int
    public private(set) var bigrams: Bool

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

    /// This recipe with each split whose seed is in `seeds` moved to the next free seed, so that
    /// demo data made from one of the recipe's seeds (`SEED=7`) still meets a model that has
    /// never seen its cases. The version string follows the training seed actually used.
    public func avoiding(_ seeds: Set<UInt64>) -> BaselineRecipe {
        var taken = seeds
        func free(_ seed: UInt64) -> UInt64 {
            var s = seed
            while taken.contains(s) { s &+= 1 }
            taken.insert(s)
            return s
        }
        var recipe = self
        recipe.trainingSeed = free(trainingSeed)
        recipe.calibrationSeed = free(calibrationSeed)
        recipe.testSeed = free(testSeed)
        return recipe
    }

    /// The reports (and labels) of studies 0..<count, made on every core: a study costs about
    /// 1 ms in a release build (30 ms in debug), nearly all of it placing its lesions on the
    /// slices, which the report does not need. Slot `i` holds study `i` whatever the scheduling.
    static func reports(seed: UInt64, count: Int) -> [LabelledReport] {
        let generator = PhantomGenerator(seed: seed)
        let slots = Mutex<[LabelledReport?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let report = LabelledReport(generator.study(index: i))
            slots.withLock { $0[i] = report }
        }
        return slots.withLock { $0.map { $0! } }
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
        train(recipe, training: BaselineRecipe.reports(seed: recipe.trainingSeed, count: recipe.trainingCount),
              calibration: BaselineRecipe.reports(seed: recipe.calibrationSeed, count: recipe.calibrationCount),
              test: BaselineRecipe.reports(seed: recipe.testSeed, count: recipe.testCount))
    }

    /// The same from reports already made for `recipe`'s splits.
    static func train(_ recipe: BaselineRecipe, training: [LabelledReport], calibration: [LabelledReport],
                      test: [LabelledReport]) -> BaselineModel {
        let raw = ReportClassifier.train(training, bigrams: recipe.bigrams)
        let temperature = Calibration.fitTemperature(logits: calibration.map { raw.logits($0.text) },
                                                     truth: calibration.map { PhantomLabel.allCases.firstIndex(of: $0.label)! })
        let classifier = raw.withTemperature(temperature)
        return BaselineModel(recipe: recipe, classifier: classifier, calibration: .evaluate(classifier, on: calibration),
                             heldOut: .evaluate(classifier, on: test))
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
