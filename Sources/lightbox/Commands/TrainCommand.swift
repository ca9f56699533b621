import ArgumentParser
import Foundation
import Model
import ModelData
import Training

extension Modality: ExpressibleByArgument {}

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

          $ lightbox train --data phantom:7:600 --out models/fusion-1 --epochs 4
        """
    )

    @Option(help: "Training data: phantom:SEED:COUNT.")
    var data: String

    @Option(help: "The new model folder.")
    var out: String

    @Option(help: "fused, image or text.")
    var modalities: Modality = .fused

    @Option(help: "Passes over the training studies.")
    var epochs = 4

    @Option(help: "Seed of the initial weights and the order of the studies.")
    var seed: UInt64 = 7

    @Option(help: "Slices per study the model sees (spread evenly).")
    var slices = 32

    @Option(help: "Slice size in pixels.")
    var matrix = 128

    func run() throws {
        try reportingFailures {
            guard let source = PhantomSource(data) else {
                throw CommandFailure("--data \(data): expected phantom:SEED:COUNT", .usage)
            }
            var recipe = TrainingRecipe(source: source, modality: modalities, epochs: epochs, seed: seed,
                                        spec: StudyInputSpec(matrix: matrix, maxSlices: slices))
            recipe.validationFraction = 0.2
            let bar = ProgressBar()
            let result = Trainer.train(recipe) { p in
                bar.show(fraction: Double((p.epoch - 1) * p.studiesPerEpoch + p.study) / Double(p.epochs * p.studiesPerEpoch),
                         text: String(format: "epoch %d/%d  study %d/%d  loss %.3f  %.2f studies/s  ETA %@", p.epoch, p.epochs,
                                      p.study, p.studiesPerEpoch, p.loss, p.studiesPerSecond, ProgressBar.duration(p.secondsLeft)))
            }
            bar.finish()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let metrics = try encoder.encode(result.validation)
            let card = ModelCard.text(version: recipe.version, recipe: recipe, evaluation: result.validation, epochLosses: result.epochLosses)
            do throws(ModelDirectory.Problem) {
                try ModelDirectory(path: out, model: result.model, vocabulary: result.vocabulary, version: recipe.version,
                                   training: TrainingSummary(recipe))
                    .save(metrics: metrics, card: card)
            } catch {
                throw CommandFailure(error.description, .cannotCreate)
            }
            writeOut(card)
        }
    }
}
