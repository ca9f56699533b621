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
    public var learningRate: Float = 1e-3
    /// Share of patients held out to fit the temperature and report the figures.
    public var validationFraction = 0.2
    /// Studies whose gradients are summed before each optimiser step.
    public var studiesPerStep = 1
    public var spec: StudyInputSpec
    public var vocabularySize = 2000
    public var maxTokens = 192
    /// Slices per study in a training step, and how many of them at most are drawn from the slices
    /// with a lesion (see `LabelledStudy.trainingSlices`); review and evaluation read `spec`'s slices.
    public var trainingSlices = 8
    public var lesionSlices = 4
    /// Channels and strides of the image encoder's stem and blocks (see `FusionConfiguration`).
    public var imageWidths = [16, 32, 32]
    public var imageStrides = [2, 2, 1]
    /// The focal-loss exponent γ of the per-cell term (0: plain cross-entropy); see `TrainingSteps.objective`.
    public var cellFocusing = 0.0
    /// What a study's lesion cells weigh together against its clear cells together in the per-cell term.
    public var lesionCellShare = 0.5
    /// The weight of the per-slice term (0 leaves it out); see `TrainingSteps.objective`.
    public var sliceTerm = 0.0
    /// How many of a step's clear slices are mined: the ones the model in training scores most like a
    /// finding, among `hardNegativeCandidates` drawn at random (see `LabelledStudy.trainingSlices`).
    public var hardNegatives = 0
    public static let hardNegativeCandidates = 16
    /// Whether a cell on a nodule only the history can judge accepts either nodule class (see `TrainingExample`).
    public var eitherNoduleClass = false
    /// How the learning rate moves from `learningRate` over the steps.
    public var schedule = LearningRateSchedule.constant

    public init(source: PhantomSource, modality: Modality = .fused, epochs: Int = 4, seed: UInt64 = 7,
                spec: StudyInputSpec = StudyInputSpec(matrix: 128, maxSlices: 80)) {
        self.source = source
        self.modality = modality
        self.epochs = epochs
        self.seed = seed
        self.spec = spec
    }

    /// `fused-0.2+phantom7n600s7e4.3f09a1`: data, seed and epochs to read at a glance, then a digest of
    /// everything else the recipe sets, so that two trainings differing in any option never share the
    /// version their suggestions are stored under.
    public var version: String {
        "\(modality.rawValue)-0.2+phantom\(source.seed)n\(source.count)s\(seed)e\(epochs).\(digest)"
    }

    /// Six hex digits of a hash of the training summary, the input spec and the encoder's and text's
    /// sizes, as JSON with sorted keys: the summary alone leaves out what the model's config holds.
    private var digest: String {
        struct Settings: Encodable {
            let training: TrainingSummary, input: StudyInputSpec
            let imageWidths: [Int], imageStrides: [Int], vocabularySize: Int, maxTokens: Int
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = (try? encoder.encode(Settings(training: TrainingSummary(self), input: spec, imageWidths: imageWidths,
                                                 imageStrides: imageStrides, vocabularySize: vocabularySize,
                                                 maxTokens: maxTokens))) ?? Data()
        return String(format: "%06llx", StableHash.fnv1a(json) >> 40)
    }
}

extension ModelDirectory {
    /// The recipe this model was trained with, for `modality`: how `eval --ablation` trains its
    /// image-only and text-only siblings the same way. Nil when the config does not say.
    public func recipe(for modality: Modality) -> TrainingRecipe? {
        guard let summary = training, let source = PhantomSource(summary.data) else { return nil }
        // A blob channel comes with the slice-context stage, after the training this recipe repeats,
        // and needs every slice of a study, which a training step does not read.
        var spec = inputSpec
        spec.blob = nil
        var recipe = TrainingRecipe(source: source, modality: modality, epochs: summary.epochs, seed: summary.seed, spec: spec)
        recipe.learningRate = summary.learningRate
        recipe.validationFraction = summary.validationFraction
        recipe.studiesPerStep = summary.studiesPerStep
        recipe.trainingSlices = summary.trainingSlices
        recipe.lesionSlices = summary.lesionSlices
        recipe.imageWidths = model.configuration.imageWidths
        recipe.imageStrides = model.configuration.imageStrides
        recipe.cellFocusing = summary.cellFocusing ?? 0
        recipe.lesionCellShare = summary.lesionCellShare ?? 0.5
        recipe.sliceTerm = summary.sliceTerm ?? 0
        recipe.hardNegatives = summary.hardNegatives ?? 0
        recipe.eitherNoduleClass = summary.eitherNoduleClass ?? false
        recipe.schedule = summary.schedule ?? .constant
        return recipe
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
    /// Each validation study's outcome, which `validation` was computed from.
    public let validationOutcomes: [StudyOutcome]
    /// Mean training loss of each epoch, first to last.
    public let epochLosses: [Double]

    /// Bootstrap intervals of the validation figures (nil when no study was held out), computed when
    /// asked: only the card `train` writes shows them, an ablation's siblings need none.
    public var validationIntervals: EvaluationIntervals? {
        EvaluationIntervals.of([(validationOutcomes, validation)], labels: model.configuration.labels).first
    }
}

/// Why a training cannot start.
public struct TrainingProblem: Error, CustomStringConvertible {
    public let description: String
}

public enum Trainer {
    /// Learns the vocabulary from the training reports, trains with AdamW on the training patients
    /// (class-weighted cross-entropy, shuffled each epoch from the seed), fits the temperature on the
    /// validation patients and measures there.
    /// Refuses, before any work, data whose patients leave either side of the split empty. With a
    /// `checkpoint`, the state is saved there after every epoch, and with `resuming` the training goes
    /// on from the one there (see `TrainingCheckpoint`).
    public static func train(_ recipe: TrainingRecipe, checkpoint: TrainingCheckpoint? = nil, resuming: Bool = false,
                             progress: (TrainingProgress) -> Void = { _ in }) throws(TrainingProblem) -> TrainingResult {
        let (studies, training, validation) = try split(recipe.source, validationFraction: recipe.validationFraction)

        var builder = VocabularyBuilder(targetSize: recipe.vocabularySize)
        for index in training { builder.add(studies[index].report.text) }
        let vocabulary = builder.build()
        let tokenizer = WordPieceTokenizer(vocabulary: vocabulary)
        let labels = LabelledStudy.labels
        let configuration = FusionConfiguration(labels: labels, modality: recipe.modality, matrix: recipe.spec.matrix,
                                                windows: recipe.spec.windows.map { [$0.center, $0.width] },
                                                contextSlices: recipe.spec.contextSlices,
                                                contextSpacingMM: recipe.spec.contextSpacingMM,
                                                maxSlices: recipe.spec.maxSlices, imageWidths: recipe.imageWidths, imageStrides: recipe.imageStrides,
                                                vocabularySize: vocabulary.count,
                                                maxTokens: recipe.maxTokens)
        let model = FusionModel(configuration, seed: recipe.seed)
        let optimizer = AdamW(parameters: model.trainableParameters, learningRate: recipe.learningRate)
        let weights = classWeights(training.map { PhantomLabel.allCases.firstIndex(of: studies[$0].label)! }, classes: labels.count)

        var random = RandomGenerator(seed: recipe.seed)
        var steps = TrainingSteps(epochs: recipe.epochs, studiesPerStep: recipe.studiesPerStep, classWeights: weights,
                                  maxTokens: recipe.maxTokens, cellFocusing: recipe.cellFocusing, lesionCellShare: recipe.lesionCellShare, sliceTerm: recipe.sliceTerm,
                                  schedule: recipe.schedule)
        (steps.checkpoint, steps.resumes) = (checkpoint, resuming)
        let epochLosses = try steps.run(model, optimizer: optimizer, tokenizer: tokenizer, studies: training.count,
                                    random: &random, seed: recipe.seed, progress: progress) { position, random in
            let study = studies[training[position]]
            let mined = recipe.hardNegatives == 0 ? nil
                : (count: recipe.hardNegatives, candidates: TrainingRecipe.hardNegativeCandidates,
                   score: { model.strongestFinding(pixels: LabelledStudy(phantom: study, spec: recipe.spec, slices: $0).tensor) })
            // A text-only model never reads a slice: rendering none keeps its training as cheap as its maths.
            let slices = configuration.usesImage
                ? LabelledStudy.trainingSlices(of: study, count: recipe.trainingSlices, lesionSlices: recipe.lesionSlices, hardest: mined,
                                               using: &random)
                : []
            return TrainingExample(phantom: study, spec: recipe.spec, slices: slices, gridSize: configuration.gridSize,
                                   eitherNoduleClass: recipe.eitherNoduleClass)
        }

        let held = validation.lazy.map { LabelledStudy(phantom: studies[$0], spec: recipe.spec, slices: configuration.usesImage ? nil : []) }
        return calibrated(model, vocabulary: vocabulary, validation: held, epochLosses: epochLosses)
    }

    /// The trained model with its temperature fitted on the validation studies, and its figures there.
    static func calibrated(_ model: FusionModel, vocabulary: Vocabulary, validation: some Sequence<LabelledStudy>,
                           epochLosses: [Double]) -> TrainingResult {
        let outcomes = ModelEvaluation.outcomes(of: model, tokenizer: WordPieceTokenizer(vocabulary: vocabulary), studies: validation)
        let temperature = outcomes.isEmpty ? 1 : Calibration.fitTemperature(logits: outcomes.map(\.logits), truth: outcomes.map(\.label))
        let evaluation = ModelEvaluation(outcomes: outcomes, labels: model.configuration.labels, modality: model.configuration.modality,
                                         temperature: temperature)
        return TrainingResult(model: model.withTemperature(temperature), vocabulary: vocabulary, validation: evaluation,
                              validationOutcomes: outcomes, epochLosses: epochLosses)
    }

    /// The studies of `source` (each keeps its scene, which rendering a slice reuses) and their indices
    /// on either side of the split by patient; refuses a split that leaves either side empty.
    static func split(_ source: PhantomSource, validationFraction: Double) throws(TrainingProblem)
        -> (studies: [PhantomStudy], training: [Int], validation: [Int]) {
        let generator = PhantomGenerator(seed: source.seed)
        let studies = (0..<source.count).map { generator.study(index: $0) }
        let isValidation = studies.map { PatientSplit.isValidation(patientID: $0.patient.id, fraction: validationFraction) }
        let training = studies.indices.filter { !isValidation[$0] }, validation = studies.indices.filter { isValidation[$0] }
        guard !training.isEmpty, !validation.isEmpty else {
            throw TrainingProblem(description: "phantom:\(source.seed):\(source.count): the split by patient leaves no "
                                  + "study to \(training.isEmpty ? "train" : "validate") on; give more studies")
        }
        return (studies, training, validation)
    }

    /// Inverse class frequency, scaled so that the weights average 1 over the training studies.
    static func classWeights(_ labels: [Int], classes: Int) -> [Float] {
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[label] += 1 }
        return counts.map { $0 == 0 ? 0 : Float(labels.count) / Float(classes * $0) }
    }
}

/// The loop every training shares: shuffled studies each epoch, summed gradients over a few studies,
/// clipped, one AdamW step; training from scratch and fine-tuning differ only in where studies come from.
struct TrainingSteps {
    let epochs: Int
    let studiesPerStep: Int
    let classWeights: [Float]
    let maxTokens: Int
    /// The focal-loss exponent of the cell term (0: plain cross-entropy).
    var cellFocusing = 0.0
    /// The lesion cells' weight together, as a share of the clear cells' together.
    var lesionCellShare = 0.5
    /// The weight of the per-slice term.
    var sliceTerm = 0.0
    /// From the optimiser's rate at the start (the peak) over all the steps of the run.
    var schedule = LearningRateSchedule.constant
    /// How much of the image encoder learns (see `Trainer.addSliceContext`).
    var encoderLearning = EncoderLearning.all
    /// The weight of the key-slice term (0 leaves it out); see `TrainingSteps.objective`.
    var keySliceTerm = 0.0
    /// Where the state is saved at the end of every epoch (nil: nowhere).
    var checkpoint: TrainingCheckpoint?
    /// Whether the run starts from `checkpoint` rather than from the first epoch.
    var resumes = false

    /// Trains `model` in place (its parameters are shared references) on `studies` examples that
    /// `example` renders by position; returns each epoch's mean loss. With a checkpoint, the state
    /// is saved there after every epoch, and a run that resumes goes on from it: the weights, the
    /// optimiser, both random streams and the epochs' losses as they were, so the result is the
    /// uninterrupted run's, bit for bit.
    func run(_ model: FusionModel, optimizer: AdamW, tokenizer: WordPieceTokenizer, studies: Int,
             random: inout RandomGenerator, seed: UInt64, progress: (TrainingProgress) -> Void,
             example: (Int, inout RandomGenerator) -> TrainingExample) throws(TrainingProblem) -> [Double] {
        let graph = Graph(mode: .training, seed: seed)
        let peakRate = optimizer.learningRate
        let stepsPerEpoch = (studies + studiesPerStep - 1) / studiesPerStep
        var epochLosses: [Double] = []
        var firstEpoch = 0
        if resumes, let checkpoint {
            let state = try checkpoint.load(into: model.namedParameters, optimizer: optimizer)
            optimizer.restore(state.optimizer)
            (firstEpoch, epochLosses, random, graph.random) = (state.completedEpochs, state.epochLosses, state.studyOrder, state.dropout)
        }
        let started = Date()
        var done = 0
        for epoch in firstEpoch..<max(firstEpoch, epochs) {
            var order = Array(0..<studies)
            order.shuffle(using: &random)
            var lossSum = 0.0
            for (position, index) in order.enumerated() {
                let item = example(index, &random)
                graph.reset()
                let output = model(pixels: item.study.tensor, tokenIDs: tokenizer.ids(item.study.report, maxLength: maxTokens),
                                   sliceDepthsMM: item.study.input.sliceDepthsMM, encoderLearning: encoderLearning, in: graph)
                let loss = Self.objective(output, label: item.study.label, cellTargets: item.cellTargets, sliceTargets: item.sliceTargets,
                                          classWeights: classWeights, cellFocusing: cellFocusing, lesionCellShare: lesionCellShare,
                                          sliceTerm: sliceTerm, keySliceTerm: keySliceTerm, in: graph)
                graph.backward(from: loss)
                lossSum += Double(loss.value.scalars[0])
                if (position + 1) % studiesPerStep == 0 || position == order.count - 1 {
                    _ = clipGradientNorm(model.trainableParameters, maxNorm: 5)
                    optimizer.learningRate = schedule.rate(peak: peakRate, step: optimizer.stepCount, of: epochs * stepsPerEpoch)
                    optimizer.step()
                    optimizer.zeroGradients()
                }
                done += 1
                let rate = Double(done) / max(Date().timeIntervalSince(started), 1e-9)
                progress(TrainingProgress(epoch: epoch + 1, epochs: epochs, study: position + 1, studiesPerEpoch: order.count,
                                          loss: lossSum / Double(position + 1), studiesPerSecond: rate,
                                          secondsLeft: Double((epochs - firstEpoch) * order.count - done) / rate))
            }
            epochLosses.append(lossSum / Double(max(1, order.count)))
            try checkpoint?.save(model.namedParameters, state: .init(completedEpochs: epoch + 1, epochLosses: epochLosses, studyOrder: random,
                                                                     dropout: graph.random, optimizer: optimizer.state))
        }
        return epochLosses
    }

    /// What a training step minimises: cross-entropy of the fused logits, plus half that of each
    /// branch's own logits (so neither branch can lean on the other: the image must see the nodule
    /// even when the report mentions it), plus cross-entropy of every grid cell against the class of
    /// the lesion on it, when the lesions are known. The cell term is what teaches the image branch
    /// where findings are, which is where Grad-CAM then points. Its lesion cells weigh `lesionCellShare`
    /// of its many clear cells together (a few nodule cells would otherwise count for nothing against
    /// thousands of clear ones; weighed too high, every round dot is worth calling a nodule, vessels
    /// seen end-on included), and `cellFocusing` is its focal-loss exponent.
    ///
    /// The cell term is a mean over some eight thousand cells, so a handful of clear cells scored as a
    /// nodule (vessels seen end-on) cost it next to nothing, yet a slice's score is the smooth maximum
    /// of its cells, and the study's and the key slice follow the strongest slice. The per-slice term,
    /// weighed `sliceTerm`, asks each slice's score for the lesion classes on it ("no finding" when
    /// none): there, the few strongest cells of a clear slice are the whole cost.
    ///
    /// The key-slice term, weighed `keySliceTerm`, asks where the study's score for its own finding
    /// comes from: the slices are pooled by a softmax over their scores, and the term is the
    /// cross-entropy of that softmax against the slices showing a lesion of that class (any of them
    /// will do). It moves no score up or down, only which slice is highest, which is the key slice
    /// the reader is shown and the pointing game is played on.
    static func objective(_ output: FusionOutput, label: Int, cellTargets: [SoftmaxTarget]?, sliceTargets: [SoftmaxTarget]? = nil,
                          classWeights: [Float], cellFocusing: Double, lesionCellShare: Double, sliceTerm: Double = 0,
                          keySliceTerm: Double = 0, in graph: Graph) -> Variable {
        var terms = [graph.softmaxCrossEntropy(logits: output.logits, labels: [label], classWeights: classWeights)]
        if let image = output.imageLogits, let text = output.textLogits {
            for branch in [image, text] {
                terms.append(graph.scale(graph.softmaxCrossEntropy(logits: branch, labels: [label], classWeights: classWeights),
                                         by: 0.5))
            }
        }
        if let cells = output.cellScores, let targets = cellTargets {
            let lesionCells = targets.filter { $0.label != 0 }.count
            var weights = [Float](repeating: 1, count: cells.shape[1])
            if lesionCells > 0 {
                for c in 1..<weights.count { weights[c] = Float(lesionCellShare) * Float(targets.count - lesionCells) / Float(lesionCells) }
            }
            terms.append(graph.softmaxCrossEntropy(logits: cells, targets: targets, classWeights: weights, focusing: cellFocusing))
        }
        if sliceTerm > 0, let slices = output.sliceLogits, let targets = sliceTargets {
            terms.append(graph.scale(graph.softmaxCrossEntropy(logits: slices, targets: targets), by: Float(sliceTerm)))
        }
        if keySliceTerm > 0, label != 0, let slices = output.sliceLogits, let targets = sliceTargets,
           case let shown = targets.indices.filter({ targets[$0].accepted.contains(label) }), let first = shown.first {
            let scores = graph.reshape(graph.slice(slices, axis: 1, range: label..<label + 1), to: [1, slices.shape[0]])
            let keySlice = graph.softmaxCrossEntropy(logits: scores, targets: [SoftmaxTarget(first, or: Array(shown.dropFirst()))])
            terms.append(graph.scale(keySlice, by: Float(keySliceTerm)))
        }
        return terms.dropFirst().reduce(terms[0]) { graph.add($0, $1) }
    }

}

/// One study as a training step sees it: the chosen slices, for each cell of their grids the class
/// of the lesion on it, and for each slice the classes of the lesions on it (both nil when nobody
/// outlined the lesions).
struct TrainingExample {
    let study: LabelledStudy
    let cellTargets: [SoftmaxTarget]?
    let sliceTargets: [SoftmaxTarget]?

    init(study: LabelledStudy, cellTargets: [SoftmaxTarget]?) {
        self.study = study
        self.cellTargets = cellTargets
        sliceTargets = cellTargets.map { Self.sliceTargets($0, slices: study.input.sliceIndices.count) }
    }

    /// A slice accepts every class its cells accept but "no finding", or "no finding" when no cell
    /// is on a lesion.
    static func sliceTargets(_ cells: [SoftmaxTarget], slices: Int) -> [SoftmaxTarget] {
        guard slices > 0 else { return [] }
        let perSlice = cells.count / slices
        return (0..<slices).map { slice in
            let found = Set(cells[slice * perSlice..<(slice + 1) * perSlice].flatMap(\.accepted)).subtracting([0]).sorted()
            return found.first.map { SoftmaxTarget($0, or: Array(found.dropFirst())) } ?? SoftmaxTarget(0)
        }
    }

    /// Cell targets come from the lesion masks at the phantom's native 512 matrix, where a cell is
    /// any lesion class on its pixels: at the model's matrix a 3 mm nodule can cover no pixel by half,
    /// and a slice that shows it must not be taught that it shows nothing. With `eitherNoduleClass`, a
    /// cell on a nodule whose class depends on the history (smooth, 6–10 mm) also accepts the class the
    /// other history gives: its pixels cannot tell, and the report decides.
    init(phantom: PhantomStudy, spec: StudyInputSpec, slices: [Int], gridSize: Int, eitherNoduleClass: Bool = false) {
        let targets = slices.flatMap { k -> [SoftmaxTarget] in
            let own = Self.cellLabels(phantom.lesionLabels(slice: k), gridSize: gridSize)
            guard let own else { return [SoftmaxTarget](repeating: SoftmaxTarget(0), count: gridSize * gridSize) }
            let alternatives = (eitherNoduleClass ? [PriorComparison.grown, .stable] : []).compactMap {
                Self.cellLabels(phantom.lesionLabels(slice: k, history: $0), gridSize: gridSize)
            }
            return own.indices.map { cell in SoftmaxTarget(own[cell], or: alternatives.map { $0[cell] }) }
        }
        self.init(study: LabelledStudy(phantom: phantom, spec: spec, slices: slices), cellTargets: targets)
    }

    /// Each cell's class (an index into `PhantomLabel.allCases`) from a native-matrix label map: where
    /// two lesions share a cell, the larger share wins.
    private static func cellLabels(_ labels: [PhantomLabel]?, gridSize: Int) -> [Int]? {
        guard let labels else { return nil }
        let native = PhantomStudy.nativeMatrix, cell = native / gridSize, cells = gridSize * gridSize
        let classes = PhantomLabel.allCases
        var counts = [Int](repeating: 0, count: cells * classes.count)
        for (pixel, label) in labels.enumerated() where label != .normal {
            let index = (pixel / native / cell) * gridSize + (pixel % native) / cell
            counts[index * classes.count + classes.firstIndex(of: label)!] += 1
        }
        return (0..<cells).map { index in
            let row = counts[index * classes.count..<(index + 1) * classes.count]
            let best = row.indices.max { row[$0] < row[$1] }!
            return row[best] == 0 ? 0 : best - index * classes.count
        }
    }
}
