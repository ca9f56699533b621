import Foundation
import Model
import Tokenizer

/// A trained model on disk, one folder per version: `config.json`, `model.safetensors`, `vocab.txt`,
/// `metrics.json` and `model-card.md`. Everything the model needs to run travels with it.
public struct ModelDirectory {
    public static let configName = "config.json", weightsName = "model.safetensors", metricsName = "metrics.json"
    public static let cardName = "model-card.md"
    /// The model id stored with every suggestion of a Lightbox fusion model (the version tells them apart).
    public static let modelID = "lightbox-fusion"

    public let path: String
    public let model: FusionModel
    public let vocabulary: Vocabulary
    /// The version string stored with each suggestion, e.g. `fused-0.2+phantom7n600s7e4.3f09a1`.
    public let version: String
    /// How it was trained, so an ablation can train its siblings the same way.
    public let training: TrainingSummary?

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public init(path: String, model: FusionModel, vocabulary: Vocabulary, version: String, training: TrainingSummary?) {
        self.path = path
        self.model = model
        self.vocabulary = vocabulary
        self.version = version
        self.training = training
    }

    /// Reads a model folder, checking the weights against the configuration (names, shapes, dtypes).
    public static func load(_ path: String) throws(Problem) -> ModelDirectory {
        let configPath = path + "/" + configName
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw Problem(description: "\(configPath): missing (is \(path) a Lightbox model folder?)")
        }
        let stored: StoredConfiguration
        do { stored = try JSONDecoder().decode(StoredConfiguration.self, from: data) } catch {
            throw Problem(description: "\(configPath): not a model configuration (\(error))")
        }
        guard (stored.model.blobScalesMM == nil) == (stored.model.blobResponseScaleHU == nil) else {
            throw Problem(description: "\(configPath): blobScalesMM and blobResponseScaleHU come together (a blob channel needs both)")
        }
        let vocabulary: Vocabulary
        do { vocabulary = try Vocabulary(contentsOf: URL(fileURLWithPath: path + "/" + Vocabulary.fileName)) } catch {
            throw Problem(description: "\(error)")
        }
        guard vocabulary.count == stored.model.vocabularySize else {
            throw Problem(description: "\(path)/\(Vocabulary.fileName): \(vocabulary.count) tokens, the model was built for \(stored.model.vocabularySize)")
        }
        let model = FusionModel(stored.model, seed: 0)
        do { _ = try Safetensors.load(into: model.namedParameters, from: path + "/" + weightsName) } catch {
            throw Problem(description: "\(error)")
        }
        return ModelDirectory(path: path, model: model, vocabulary: vocabulary, version: stored.version, training: stored.training)
    }

    /// Refuses a folder that already holds a model: checked before a long training as well as at saving.
    public static func ensureFree(_ path: String) throws(Problem) {
        if FileManager.default.fileExists(atPath: path + "/" + weightsName) {
            throw Problem(description: "\(path): a model is already there; models are never overwritten, choose a new folder")
        }
    }

    /// Writes the folder; refuses to overwrite an existing model (a new version gets a new folder).
    public func save(metrics: Data, card: String) throws(Problem) {
        try Self.ensureFree(path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(StoredConfiguration(version: version, model: model.configuration, training: training))
                .write(to: URL(fileURLWithPath: path + "/" + ModelDirectory.configName))
            try vocabulary.write(to: URL(fileURLWithPath: path + "/" + Vocabulary.fileName))
            try Safetensors.save(model.namedParameters, metadata: ["version": version], to: path + "/" + ModelDirectory.weightsName)
            try metrics.write(to: URL(fileURLWithPath: path + "/" + ModelDirectory.metricsName))
            try card.write(toFile: path + "/" + ModelDirectory.cardName, atomically: true, encoding: .utf8)
        } catch {
            throw Problem(description: "\(path): cannot write the model (\(error))")
        }
    }

    struct StoredConfiguration: Codable {
        var version: String
        var model: FusionConfiguration
        var training: TrainingSummary?
    }
}

/// The parts of a `TrainingRecipe` that say how to train the same model again.
public struct TrainingSummary: Codable, Sendable, Equatable {
    public var data: String
    public var epochs: Int
    public var seed: UInt64
    public var learningRate: Float
    public var validationFraction: Double
    public var studiesPerStep: Int
    public var trainingSlices: Int
    public var lesionSlices: Int
    /// Nil in summaries written before these options existed (they trained without them).
    public var cellFocusing: Double?
    public var eitherNoduleClass: Bool?
    public var schedule: LearningRateSchedule?
    public var lesionCellShare: Double?
    public var sliceTerm: Double?
    public var hardNegatives: Int?

    public init(_ recipe: TrainingRecipe) {
        data = "phantom:\(recipe.source.seed):\(recipe.source.count)"
        epochs = recipe.epochs
        seed = recipe.seed
        learningRate = recipe.learningRate
        validationFraction = recipe.validationFraction
        studiesPerStep = recipe.studiesPerStep
        trainingSlices = recipe.trainingSlices
        lesionSlices = recipe.lesionSlices
        cellFocusing = recipe.cellFocusing
        eitherNoduleClass = recipe.eitherNoduleClass
        schedule = recipe.schedule
        lesionCellShare = recipe.lesionCellShare
        sliceTerm = recipe.sliceTerm
        hardNegatives = recipe.hardNegatives
    }
}
