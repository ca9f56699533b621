import ArgumentParser
import Foundation
import Model
import ModelData
import Training

extension Modality: ExpressibleByArgument {}
extension LearningRateSchedule: ExpressibleByArgument {}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model in process, on the CPU, and write it to a new model folder.",
        discussion: """
        --data phantom:SEED:COUNT streams phantom studies rendered directly at the model's resolution. \
        Patients are split into training and validation; the vocabulary is learned from the training \
        reports; the temperature is fitted on the validation patients, whose figures go into the model card. \
        The folder gets config.json, model.safetensors, vocab.txt, metrics.json and model-card.md; an \
        existing model is never overwritten.

        After every epoch the training's state (weights, optimiser, random streams) is saved beside the \
        new folder, in OUT.checkpoint.safetensors. If the training stops (the connection drops, the \
        process is killed), the same command with --resume goes on from the last epoch saved and ends \
        with the model the whole run would have given; the checkpoint is deleted once the model is saved.

        --from-reviews --base MODEL fine-tunes MODEL on the store's reviewed cases instead: each case's \
        label is the one its reviewers settled on (the suggestion they accepted, or their correction), \
        whatever the model or the generator said. Both models are then evaluated on the same held-out \
        phantom studies (--eval-data) and the comparison goes into the new model card.

        --base MODEL --slice-context 4,8 --data phantom:SEED:COUNT gives MODEL slice context: each cell \
        of its last block also reads the same cell 4 and 8 mm above and below. The encoder stays as it \
        is (but for its last block with --train-last-block); the layers after it learn on every slice \
        of each study of --data, which should be MODEL's own training data so that its validation \
        patients stay unseen (default: 1 epoch).

          $ lightbox train --data phantom:7:600 --out models/fusion-1 --epochs 4
          $ lightbox train --from-reviews --base models/fusion-1 --out models/fusion-2
          $ lightbox train --base models/fusion-1 --slice-context 4,8 --key-slice-term 1 --data phantom:7:600 --out models/fusion-3
        """
    )

    @Option(help: "Training data: phantom:SEED:COUNT.")
    var data: String?

    @Flag(help: "Fine-tune --base on the store's reviewed cases.")
    var fromReviews = false

    @Option(help: "The model to fine-tune (with --from-reviews) or to give slice context (with --slice-context).")
    var base: String?

    @Option(help: "Held-out studies both models are evaluated on (with --from-reviews).")
    var evalData = "phantom:99:200"

    @OptionGroup var store: StoreOptions

    @Option(help: "The new model folder.")
    var out: String

    @Flag(help: "Go on from the checkpoint an interrupted run of the same command left beside --out.")
    var resume = false

    @Option(help: "fused, image or text.")
    var modalities: Modality = .fused

    @Option(help: "Passes over the training studies (default: 4; 3 with --from-reviews, 1 with --slice-context).")
    var epochs: Int?

    @Option(help: "Seed of the initial weights and the order of the studies.")
    var seed: UInt64 = 7

    @Option(help: "Slices per study the model reads in review and evaluation (spread evenly when a series has more).")
    var slices = 80

    @Option(help: "Slices per study in a training step: up to 4 with lesions, the others at random.")
    var stepSlices = 8

    @Option(help: "Neighbouring slices on each side shown with each slice (in the lung window).")
    var neighbours = 0

    @Option(help: ArgumentHelp("How far apart the neighbours are, in mm (default: adjacent slices).", valueName: "MM"))
    var neighbourSpacing: Double?

    @Option(help: "Slice size in pixels.")
    var matrix = 128

    @Option(help: ArgumentHelp("Channels of the image encoder's stem and of each residual block after it.", valueName: "W,W,..."))
    var imageWidths = PositiveIntegers([16, 32, 32])

    @Option(help: ArgumentHelp("Strides of the stem and of each block (one per width): 2,2,1 reads 128 into a 32x32 grid, 4,2,1 reads 256 into it.",
                               valueName: "S,S,..."))
    var imageStrides = PositiveIntegers([2, 2, 1])

    @Option(help: ArgumentHelp("Focal-loss exponent of the per-cell lesion term: 0 is plain cross-entropy, 2 lets the cells already right fade.",
                               valueName: "GAMMA"))
    var cellFocusing = 0.0

    @Option(help: ArgumentHelp("What a study's lesion cells weigh together in the per-cell term, as a share of its clear cells.",
                               valueName: "SHARE"))
    var lesionCellShare = 0.5

    @Option(help: ArgumentHelp("Weight of a per-slice term: each slice's score (its strongest cells) against the lesions on it, "
                               + "\"no finding\" on a clear slice. 0 leaves it out.", valueName: "WEIGHT"))
    var sliceTerm = 0.0

    @Option(help: ArgumentHelp("Of a step's clear slices, how many are the ones the model in training scores most like a finding, "
                               + "among \(TrainingRecipe.hardNegativeCandidates) drawn at random (the rest stay random).", valueName: "N"))
    var hardNegatives = 0

    @Option(help: "How the learning rate moves over the training: constant, or cosine (down to 0 by the last step).")
    var schedule = LearningRateSchedule.constant

    @Flag(help: "Teach a grid cell on a smooth 6–10 mm nodule either nodule class: the history, not the image, decides.")
    var eitherNoduleClass = false

    @Option(help: ArgumentHelp("Give --base slice context: each cell of its last block also reads the same cell this many mm above and "
                               + "below; its encoder stays, the layers after it learn on --data (the base's own training data).",
                               valueName: "MM,MM,..."))
    var sliceContext: PositiveIntegers?

    @Option(help: ArgumentHelp("With --slice-context: weight of a term asking the study's own finding to peak on a slice showing it "
                               + "(the key slice). 0 leaves it out.", valueName: "WEIGHT"))
    var keySliceTerm = 0.0

    @Flag(help: "With --slice-context: the encoder's last block learns too, at about twice the time per study.")
    var trainLastBlock = false

    @Option(help: ArgumentHelp("With --slice-context: add a Hessian blob filter's response at these scales (mm) beside the last block, "
                               + "one more channel the cells read (a dot that ends within a few mm, unlike a vessel).",
                               valueName: "MM,MM,..."))
    var blobFilter: PositiveNumbers?

    func validate() throws {
        guard (0...stepSlices).contains(hardNegatives) else {
            throw ValidationError("--hard-negatives \(hardNegatives): give 0 to --step-slices (\(stepSlices))")
        }
        guard sliceTerm >= 0 else { throw ValidationError("--slice-term \(sliceTerm): give 0 or more") }
        guard keySliceTerm >= 0 else { throw ValidationError("--key-slice-term \(keySliceTerm): give 0 or more") }
        guard keySliceTerm == 0 || sliceContext != nil else { throw ValidationError("--key-slice-term is for --slice-context") }
        guard !trainLastBlock || sliceContext != nil else { throw ValidationError("--train-last-block is for --slice-context") }
        guard blobFilter == nil || sliceContext != nil else { throw ValidationError("--blob-filter is for --slice-context") }
        guard lesionCellShare > 0 else { throw ValidationError("--lesion-cell-share \(lesionCellShare): give more than 0") }
        guard cellFocusing == 0 || cellFocusing >= 1 else {
            throw ValidationError("--cell-focusing \(cellFocusing): give 0, or 1 and more")
        }
        guard imageWidths.values.count >= 2, imageWidths.values.count == imageStrides.values.count else {
            throw ValidationError("--image-widths and --image-strides: give the stem's and at least one block's, as many of each")
        }
        let downsampling = imageStrides.values.reduce(1, *)
        guard matrix > 0, matrix % downsampling == 0 else {
            throw ValidationError("--matrix \(matrix) must be a multiple of the strides' product \(downsampling)")
        }
        if fromReviews {
            guard !resume else { throw ValidationError("--resume is for training on --data; fine-tuning on reviews keeps no checkpoint") }
            guard base != nil, data == nil, sliceContext == nil else {
                throw ValidationError("--from-reviews takes --base MODEL and no --data or --slice-context")
            }
        } else if sliceContext != nil {
            guard base != nil, data != nil else { throw ValidationError("--slice-context takes --base MODEL and its --data") }
        } else {
            guard data != nil, base == nil else { throw ValidationError("give --data phantom:SEED:COUNT, or --from-reviews --base MODEL") }
        }
    }

    func run() throws {
        try reportingFailures {
            do throws(ModelDirectory.Problem) { try ModelDirectory.ensureFree(out) } catch {
                throw CommandFailure(error.description, .cannotCreate)
            }
        }
        if fromReviews, let base {
            return try reportingStoreFailures {
                try ReviewFineTuning(base: base, out: out, evalData: evalData, epochs: epochs ?? 3, seed: seed).run(store: store.open())
            }
        }
        try reportingFailures {
            guard let data, let source = PhantomSource(data) else {
                throw CommandFailure("--data \(data ?? ""): expected phantom:SEED:COUNT", .usage)
            }
            if let sliceContext, let base { return try addSliceContext(base: base, distancesMM: sliceContext.values, source: source) }
            var recipe = TrainingRecipe(source: source, modality: modalities, epochs: epochs ?? 4, seed: seed,
                                        spec: StudyInputSpec(matrix: matrix, maxSlices: slices, contextSlices: neighbours,
                                                             contextSpacingMM: neighbourSpacing))
            recipe.validationFraction = 0.2
            recipe.trainingSlices = stepSlices
            recipe.imageWidths = imageWidths.values
            recipe.imageStrides = imageStrides.values
            recipe.cellFocusing = cellFocusing
            recipe.eitherNoduleClass = eitherNoduleClass
            recipe.schedule = schedule
            recipe.lesionCellShare = lesionCellShare
            recipe.sliceTerm = sliceTerm
            recipe.hardNegatives = hardNegatives
            let checkpoint = try checkpoint(for: recipe.version)
            let result = try withProgress { progress throws(TrainingProblem) in
                try Trainer.train(recipe, checkpoint: checkpoint, resuming: resume, progress: progress)
            }
            let card = ModelCard.text(version: recipe.version, recipe: recipe, configuration: result.model.configuration,
                                      evaluation: result.validation, intervals: result.validationIntervals, epochLosses: result.epochLosses)
            try save(result, version: recipe.version, training: TrainingSummary(recipe), card: card)
            checkpoint.remove()
        }
    }

    /// The checkpoint beside --out for the model `version`: one there is continued only with --resume,
    /// so that a new run never silently takes up an old one, nor --resume silently starts afresh.
    private func checkpoint(for version: String) throws(CommandFailure) -> TrainingCheckpoint {
        let checkpoint = TrainingCheckpoint(path: TrainingCheckpoint.path(forModel: out), version: version)
        if checkpoint.exists, !resume {
            throw CommandFailure("\(checkpoint.path): an interrupted training left its checkpoint here; "
                                 + "add --resume to go on from it, or delete it to start again", .cannotCreate)
        }
        if !checkpoint.exists, resume {
            throw CommandFailure("--resume: no checkpoint at \(checkpoint.path) to go on from", .noInput)
        }
        if resume { writeErr("going on from \(checkpoint.path)\n") }
        return checkpoint
    }

    /// Runs a training under a progress bar; a training that cannot start is a usage error.
    private func withProgress(_ train: ((TrainingProgress) -> Void) throws(TrainingProblem) -> TrainingResult)
        throws(CommandFailure) -> TrainingResult {
        let bar = ProgressBar()
        do throws(TrainingProblem) {
            let result = try train(bar.show)
            bar.finish()
            return result
        } catch {
            throw CommandFailure(error.description, .usage)
        }
    }

    /// Writes the new model folder (weights, config, vocabulary, metrics, card) and prints the card.
    private func save(_ result: TrainingResult, version: String, training: TrainingSummary?, card: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let metrics = try encoder.encode(result.validation)
        do throws(ModelDirectory.Problem) {
            try ModelDirectory(path: out, model: result.model, vocabulary: result.vocabulary, version: version, training: training)
                .save(metrics: metrics, card: card)
        } catch {
            throw CommandFailure(error.description, .cannotCreate)
        }
        writeOut(card)
    }
}

extension TrainCommand {
    /// `--slice-context`: the base's encoder kept, the layers after it trained with context.
    private func addSliceContext(base path: String, distancesMM: [Int], source: PhantomSource) throws {
        let base: ModelDirectory
        do throws(ModelDirectory.Problem) { base = try ModelDirectory.load(path) } catch {
            throw CommandFailure(error.description, .noInput)
        }
        // The card describes the base's own training; checked before the training, not after it.
        guard let baseRecipe = base.recipe(for: base.model.configuration.modality) else {
            throw CommandFailure("\(path): its config does not say how it was trained on phantom studies", .badData)
        }
        var recipe = SliceContextRecipe(source: source, distancesMM: distancesMM.map(Double.init), epochs: epochs ?? 1, seed: seed)
        recipe.keySliceTerm = keySliceTerm
        recipe.trainsLastBlock = trainLastBlock
        recipe.blob = blobFilter.map { BlobChannel(scalesMM: $0.values) }
        let version = recipe.version(base: base.version)
        let checkpoint = try checkpoint(for: version)
        let result = try withProgress { progress throws(TrainingProblem) in
            try Trainer.addSliceContext(to: base, recipe: recipe, checkpoint: checkpoint, resuming: resume, progress: progress)
        }
        let card = ModelCard.text(version: version, recipe: baseRecipe, configuration: result.model.configuration,
                                  evaluation: result.validation, intervals: result.validationIntervals, epochLosses: result.epochLosses,
                                  sliceContext: (recipe, base.version))
        try save(result, version: version, training: base.training, card: card)
        checkpoint.remove()
    }
}

extension ProgressBar {
    /// A training's progress: epoch, study, running loss, throughput and time left.
    func show(_ p: TrainingProgress) {
        show(fraction: Double((p.epoch - 1) * p.studiesPerEpoch + p.study) / Double(p.epochs * p.studiesPerEpoch),
             text: String(format: "epoch %d/%d  study %d/%d  loss %.3f  %.2f studies/s  ETA %@", p.epoch, p.epochs,
                          p.study, p.studiesPerEpoch, p.loss, p.studiesPerSecond, ProgressBar.duration(p.secondsLeft)))
    }
}
