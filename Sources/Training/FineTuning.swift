import Foundation
import Model
import ModelData
import Tokenizer

/// How to fine-tune a model on reviewed cases: briefly and gently, from the model's own weights.
public struct FineTuningRecipe: Sendable {
    public var epochs = 3
    /// A tenth of training from scratch: a few dozen human labels should correct the model, not
    /// overwrite what a thousand studies taught it.
    public var learningRate: Float = 1e-4
    public var seed: UInt64 = 7

    public init(epochs: Int = 3, seed: UInt64 = 7) {
        self.epochs = epochs
        self.seed = seed
    }

    /// The base's version with what was added: `fused-0.2+phantom7n1200s7e8.3f09a1.reviews24e3`.
    public func version(base: String, cases: Int) -> String {
        base + (base.contains("+") ? "." : "+") + "reviews\(cases)e\(epochs)"
    }
}

extension Trainer {
    /// Continues training `model` in place on `count` studies with human labels (`example` reads one),
    /// with the same steps as training from scratch minus the lesion-mask term (nobody outlined
    /// these lesions). The vocabulary and the temperature stay the base's: the reports are read with
    /// the same pieces, and there is no held-out split of a few dozen cases to refit it on.
    /// Returns each epoch's mean loss.
    public static func fineTune(_ model: FusionModel, vocabulary: Vocabulary, count: Int, labels: [Int], recipe: FineTuningRecipe,
                                progress: (TrainingProgress) -> Void = { _ in },
                                example: (Int) -> LabelledStudy) -> [Double] {
        let optimizer = AdamW(parameters: model.trainableParameters, learningRate: recipe.learningRate)
        let steps = TrainingSteps(epochs: recipe.epochs, studiesPerStep: 1,
                                  classWeights: classWeights(labels, classes: model.configuration.labels.count),
                                  maxTokens: model.configuration.maxTokens)
        var random = RandomGenerator(seed: recipe.seed)
        // A few dozen cases take minutes: no checkpoint, and so nothing for the run to fail on.
        do {
            return try steps.run(model, optimizer: optimizer, tokenizer: WordPieceTokenizer(vocabulary: vocabulary), studies: count,
                                 random: &random, seed: recipe.seed, progress: progress) { index, _ in
                TrainingExample(study: example(index), cellTargets: nil)
            }
        } catch {
            preconditionFailure("a training without a checkpoint failed: \(error)")
        }
    }
}
