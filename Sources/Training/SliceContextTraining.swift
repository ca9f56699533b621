import Foundation
import Model
import ModelData
import Phantom
import Tokenizer

/// How to give a trained model slice context (see `SliceContext`): its encoder kept as it is, the
/// layers after it trained on every slice of each study, so that the context reads real neighbours.
public struct SliceContextRecipe: Sendable {
    public var source: PhantomSource
    /// Distances up and down the study, in millimetres, that every cell also reads.
    public var distancesMM: [Double]
    public var epochs: Int
    public var seed: UInt64
    public var learningRate: Float = 5e-4
    /// The weight of the key-slice term (see `TrainingSteps.objective`); 0 leaves it out.
    public var keySliceTerm = 0.0
    /// Whether the encoder's last block learns with the context. Frozen, it gives the context only
    /// what each slice's features already say; learning, it can compute features worth reading from
    /// above and below, at about twice the cost per study.
    public var trainsLastBlock = false
    /// The blob channel added beside the last block (see `BlobFilter`); nil: none.
    public var blob: BlobChannel?

    public init(source: PhantomSource, distancesMM: [Double], epochs: Int = 1, seed: UInt64 = 7) {
        self.source = source
        self.distancesMM = distancesMM
        self.epochs = epochs
        self.seed = seed
    }

    /// The offsets the layer reads: each distance above and below.
    var offsetsMM: [Double] { distancesMM.flatMap { [-$0, $0] } }

    var encoderLearning: EncoderLearning { trainsLastBlock ? .lastBlock : .none }

    /// The base's version with what was added: `fused-0.1+phantom7n3000s7e6.context4-8k1s7e2+block+blob1.5-2.5-4per40`
    /// (distances, the key-slice term's weight when there is one, seed, epochs), `+block` when the last
    /// block learnt too, `+blob`, the scales and the channel's divisor in HU with the blob channel.
    public func version(base: String) -> String {
        base + ".context" + distancesMM.map { String(format: "%g", $0) }.joined(separator: "-")
            + (keySliceTerm > 0 ? String(format: "k%g", keySliceTerm) : "") + "s\(seed)e\(epochs)"
            + (trainsLastBlock ? "+block" : "")
            + (blob.map {
                "+blob" + $0.scalesMM.map { String(format: "%g", $0) }.joined(separator: "-") + String(format: "per%g", $0.responseScaleHU)
            } ?? "")
    }
}

extension Trainer {
    /// A new model: `base` with a slice-context layer between its encoder and its cell head. The encoder
    /// runs frozen (an inference pass over every slice of a study, the cost of evaluating it), but for
    /// its last block when the recipe says so, and the layers after it learn with the same objective
    /// as training from scratch, cosine-scheduled. The studies must be the base's own training data:
    /// the split by patient is the same, so its validation patients stay unseen, and the temperature
    /// is fitted on them again. `checkpoint` and `resuming` as for `train`.
    public static func addSliceContext(to base: ModelDirectory, recipe: SliceContextRecipe,
                                       checkpoint: TrainingCheckpoint? = nil, resuming: Bool = false,
                                       progress: (TrainingProgress) -> Void = { _ in }) throws(TrainingProblem) -> TrainingResult {
        guard base.model.configuration.usesImage, base.model.configuration.sliceContextMM == nil else {
            throw TrainingProblem(description: "\(base.path): slice context needs a model that reads images and has none yet")
        }
        let (studies, training, validation) = try split(recipe.source, validationFraction: base.training?.validationFraction ?? 0.2)

        let model = base.model.addingSliceContext(offsetsMM: recipe.offsetsMM, blob: recipe.blob.map { ($0.scalesMM, $0.responseScaleHU) },
                                                  seed: recipe.seed)
        let configuration = model.configuration
        let frozen = Set(model.frozenEncoderParameters(recipe.encoderLearning).map(ObjectIdentifier.init))
        let optimizer = AdamW(parameters: model.trainableParameters.filter { !frozen.contains(ObjectIdentifier($0)) },
                              learningRate: recipe.learningRate)
        let weights = classWeights(training.map { PhantomLabel.allCases.firstIndex(of: studies[$0].label)! },
                                   classes: configuration.labels.count)
        var steps = TrainingSteps(epochs: recipe.epochs, studiesPerStep: 1, classWeights: weights, maxTokens: configuration.maxTokens,
                                  cellFocusing: base.training?.cellFocusing ?? 0, lesionCellShare: base.training?.lesionCellShare ?? 0.5,
                                  schedule: .cosine)
        steps.encoderLearning = recipe.encoderLearning
        steps.keySliceTerm = recipe.keySliceTerm
        (steps.checkpoint, steps.resumes) = (checkpoint, resuming)
        let spec = configuration.inputSpec
        var random = RandomGenerator(seed: recipe.seed)
        let epochLosses = try steps.run(model, optimizer: optimizer, tokenizer: WordPieceTokenizer(vocabulary: base.vocabulary),
                                    studies: training.count, random: &random, seed: recipe.seed, progress: progress) { position, _ in
            let study = studies[training[position]]
            return TrainingExample(phantom: study, spec: spec, slices: spec.sliceIndices(of: study.sliceCount),
                                   gridSize: configuration.gridSize)
        }
        let held = validation.lazy.map { LabelledStudy(phantom: studies[$0], spec: spec) }
        return calibrated(model, vocabulary: base.vocabulary, validation: held, epochLosses: epochLosses)
    }
}
