import ArgumentParser
import Foundation
import Model
import ModelData
import Phantom
import Training

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a model on held-out phantom studies: AUC, operating points, calibration, confusion, pointing game.",
        discussion: """
        --data must be a phantom seed the model was not trained on. --ablation also trains an image-only and \
        a text-only model the way this one was trained (from its config.json) and measures all three side by side.

          $ lightbox eval --model models/fusion-1 --data phantom:99:300 --ablation
        """
    )

    @Option(help: "A model folder written by `lightbox train`.")
    var model: String

    @Option(help: "Held-out data: phantom:SEED:COUNT.")
    var data: String

    @Flag(help: "Train and measure image-only and text-only siblings too.")
    var ablation = false

    @Option(help: ArgumentHelp("Also write one CSV row per study (truth, prediction, the true class's key slice, lesion slices, pointing game).",
                               valueName: "OUT.csv"))
    var studies: String?

    func run() throws {
        try reportingFailures {
            let directory: ModelDirectory
            do throws(ModelDirectory.Problem) { directory = try ModelDirectory.load(model) } catch {
                throw CommandFailure(error.description, .noInput)
            }
            guard let source = PhantomSource(data) else { throw CommandFailure("--data \(data): expected phantom:SEED:COUNT", .usage) }
            if let training = directory.training, PhantomSource(training.data)?.seed == source.seed {
                throw CommandFailure("--data \(data): the model was trained on phantom seed \(source.seed); evaluate on another seed", .usage)
            }
            let generator = PhantomGenerator(seed: source.seed)
            // Rendered again by each evaluation rather than held: an ablation trains two models meanwhile.
            // Each model gets the studies as it reads them (a sibling trained as the base was has no
            // blob channel, for one).
            func held(for model: ModelDirectory) -> some Collection<LabelledStudy> {
                (0..<source.count).lazy.map { LabelledStudy(phantom: generator.study(index: $0), spec: model.inputSpec) }
            }
            var measured = [directory.measure(on: held(for: directory))]
            if let studies {
                let csv = StudyOutcome.csv(measured[0].outcomes, labels: directory.model.configuration.labels,
                                           temperature: directory.model.configuration.temperature)
                do { try csv.write(toFile: studies, atomically: true, encoding: .utf8) } catch {
                    throw CommandFailure("\(studies): cannot write (\(error.localizedDescription))", .cannotCreate)
                }
            }
            if ablation {
                for modality in [Modality.image, .text] where modality != directory.model.configuration.modality {
                    guard let recipe = directory.recipe(for: modality) else {
                        throw CommandFailure("\(model): config.json does not say how the model was trained; --ablation needs it")
                    }
                    let bar = ProgressBar()
                    let result: TrainingResult
                    do throws(TrainingProblem) {
                        result = try Trainer.train(recipe) { p in
                            bar.show(fraction: Double((p.epoch - 1) * p.studiesPerEpoch + p.study) / Double(p.epochs * p.studiesPerEpoch),
                                     text: "training the \(modality.rawValue)-only model: epoch \(p.epoch)/\(p.epochs)")
                        }
                    } catch {
                        throw CommandFailure(error.description, .usage)
                    }
                    bar.finish()
                    let sibling = ModelDirectory(path: "", model: result.model, vocabulary: result.vocabulary,
                                                 version: recipe.version, training: TrainingSummary(recipe))
                    measured.append(sibling.measure(on: held(for: sibling)))
                }
            }
            let labels = directory.model.configuration.labels
            writeOut(EvaluationTable.text(measured.map { ($0.evaluation.modality.rawValue, $0.evaluation) }, labels: labels, data: data,
                                          intervals: EvaluationIntervals.of(measured, labels: labels)))
        }
    }
}
