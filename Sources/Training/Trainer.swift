import Evaluation
import Foundation
import Model
import ModelData
import Phantom
import Tokenizer

/// How to train a model: on which data, which modalities, for how long, from which seed.
public struct TrainingRecipe: Sendable {
    public var source: PhantomSource
    public var modality: Modality
    public var epochs: Int
    public var seed: UInt64
    public var learningRate: Float = 2e-3
    /// Share of patients held out to fit the temperature and report the figures.
    public var validationFraction = 0.2
    /// Studies whose gradients are summed before each optimiser step.
    public var studiesPerStep = 4
    public var spec: StudyInputSpec
    public var vocabularySize = 2000
    public var maxTokens = 192

    public init(source: PhantomSource, modality: Modality = .fused, epochs: Int = 4, seed: UInt64 = 7,
                spec: StudyInputSpec = StudyInputSpec(matrix: 128, maxSlices: 32)) {
        self.source = source
        self.modality = modality
        self.epochs = epochs
        self.seed = seed
        self.spec = spec
    }

    /// `fused-0.1+phantom7n600s7e4`: enough to tell any two trainings apart.
    public var version: String {
        "\(modality.rawValue)-0.1+phantom\(source.seed)n\(source.count)s\(seed)e\(epochs)"
    }
}

/// Where training is, for a progress bar.
public struct TrainingProgress: Sendable {
    public var epoch: Int, epochs: Int
    public var study: Int, studiesPerEpoch: Int
    /// Mean loss over the epoch so far.
    public var loss: Double
    public var studiesPerSecond: Double
    public var secondsLeft: Double
}

/// The outcome of a training: the model (temperature fitted) with its vocabulary, and its figures on
/// the held-out patients.
public struct TrainingResult {
    public let model: FusionModel
    public let vocabulary: Vocabulary
    public let validation: ModelEvaluation
    /// Mean training loss of each epoch, first to last.
    public let epochLosses: [Double]
}

public enum Trainer {
    /// Learns the vocabulary from the training reports, trains with AdamW on the training patients
    /// (class-weighted cross-entropy, shuffled each epoch from the seed), fits the temperature on the
    /// validation patients and measures there.
    public static func train(_ recipe: TrainingRecipe, progress: (TrainingProgress) -> Void = { _ in }) -> TrainingResult {
        let generator = PhantomGenerator(seed: recipe.source.seed)
        let studies = (0..<recipe.source.count).map { generator.study(index: $0) }
        let isValidation = studies.map { PatientSplit.isValidation(patientID: $0.patient.id, fraction: recipe.validationFraction) }
        let training = studies.indices.filter { !isValidation[$0] }, validation = studies.indices.filter { isValidation[$0] }

        var builder = VocabularyBuilder(targetSize: recipe.vocabularySize)
        for index in training { builder.add(studies[index].report.text) }
        let vocabulary = builder.build()
        let tokenizer = WordPieceTokenizer(vocabulary: vocabulary)
        let labels = LabelledStudy.labels
        var configuration = FusionConfiguration(labels: labels, modality: recipe.modality, matrix: recipe.spec.matrix,
                                                windows: recipe.spec.windows.map { [$0.center, $0.width] },
                                                maxSlices: recipe.spec.maxSlices, vocabularySize: vocabulary.count,
                                                maxTokens: recipe.maxTokens)
        var model = FusionModel(configuration, seed: recipe.seed)
        let optimizer = AdamW(parameters: model.trainableParameters, learningRate: recipe.learningRate)
        let weights = classWeights(training.map { PhantomLabel.allCases.firstIndex(of: studies[$0].label)! }, classes: labels.count)

        var random = RandomGenerator(seed: recipe.seed)
        let graph = Graph(mode: .training, seed: recipe.seed)
        var epochLosses: [Double] = []
        let started = Date()
        var done = 0
        for epoch in 0..<recipe.epochs {
            var order = training
            order.shuffle(using: &random)
            var lossSum = 0.0
            for (position, index) in order.enumerated() {
                let study = LabelledStudy(phantom: studies[index], spec: recipe.spec)
                graph.reset()
                let output = model(pixels: study.tensor, tokenIDs: tokenizer.ids(study.report, maxLength: recipe.maxTokens), in: graph)
                let loss = graph.softmaxCrossEntropy(logits: output.logits, labels: [study.label], classWeights: weights)
                graph.backward(from: loss)
                lossSum += Double(loss.value.scalars[0])
                if (position + 1) % recipe.studiesPerStep == 0 || position == order.count - 1 {
                    _ = clipGradientNorm(model.trainableParameters, maxNorm: 5)
                    optimizer.step()
                    optimizer.zeroGradients()
                }
                done += 1
                let elapsed = Date().timeIntervalSince(started)
                let rate = Double(done) / max(elapsed, 1e-9)
                progress(TrainingProgress(epoch: epoch + 1, epochs: recipe.epochs, study: position + 1, studiesPerEpoch: order.count,
                                          loss: lossSum / Double(position + 1), studiesPerSecond: rate,
                                          secondsLeft: Double(recipe.epochs * order.count - done) / rate))
            }
            epochLosses.append(lossSum / Double(max(1, order.count)))
        }

        let held = validation.map { LabelledStudy(phantom: studies[$0], spec: recipe.spec) }
        let outcomes = ModelEvaluation.outcomes(of: model, tokenizer: tokenizer, studies: held)
        configuration.temperature = outcomes.isEmpty ? 1
            : Calibration.fitTemperature(logits: outcomes.map(\.logits), truth: outcomes.map(\.label))
        model = model.withTemperature(configuration.temperature)
        let evaluation = ModelEvaluation(outcomes: outcomes, labels: labels, modality: recipe.modality,
                                         temperature: configuration.temperature)
        return TrainingResult(model: model, vocabulary: vocabulary, validation: evaluation, epochLosses: epochLosses)
    }

    /// Inverse class frequency, scaled so that the weights average 1 over the training studies.
    static func classWeights(_ labels: [Int], classes: Int) -> [Float] {
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[label] += 1 }
        return counts.map { $0 == 0 ? 0 : Float(labels.count) / Float(classes * $0) }
    }
}
