import CaseStore
import Foundation
import Model
import ModelData
import Phantom
import Training

/// `lightbox train --from-reviews`: the model learns from the humans who checked it. The reviewed
/// cases are read from their DICOM files as review shows them, the base is fine-tuned on the labels
/// the reviewers settled on, and the base and the new version are evaluated on the same held-out
/// phantom studies so the card can say whether the reviews helped.
struct ReviewFineTuning {
    let base: String
    let out: String
    let evalData: String
    let epochs: Int
    let seed: UInt64

    func run(store: CaseStore) throws {
        guard let held = PhantomSource(evalData) else { throw CommandFailure("--eval-data \(evalData): expected phantom:SEED:COUNT", .usage) }
        let directory = try ModelRun.load(base)
        if let training = directory.training, PhantomSource(training.data)?.seed == held.seed {
            throw CommandFailure("--eval-data \(evalData): \(base) was trained on phantom seed \(held.seed); evaluate on another seed", .usage)
        }
        let labels = directory.model.configuration.labels
        let (studies, overrides) = try reviewedStudies(in: store, labels: labels, spec: directory.inputSpec)

        writeErr("evaluating \(base) on \(evalData)\n")
        let generator = PhantomGenerator(seed: held.seed)
        let heldOut = (0..<held.count).lazy.map { LabelledStudy(phantom: generator.study(index: $0), spec: directory.inputSpec) }
        let before = directory.measure(on: heldOut)

        let recipe = FineTuningRecipe(epochs: epochs, seed: seed)
        let bar = ProgressBar()
        let losses = Trainer.fineTune(directory.model, vocabulary: directory.vocabulary, count: studies.count,
                                      labels: studies.map(\.label), recipe: recipe, progress: bar.show) { studies[$0] }
        bar.finish()
        let version = recipe.version(base: directory.version, cases: studies.count)
        let tuned = ModelDirectory(path: out, model: directory.model, vocabulary: directory.vocabulary, version: version,
                                   training: directory.training)
        writeErr("evaluating \(version) on \(evalData)\n")
        let after = tuned.measure(on: heldOut)

        let table = EvaluationTable.text([("base " + directory.version, before.evaluation), ("fine-tuned " + version, after.evaluation)],
                                         labels: labels, data: evalData, intervals: EvaluationIntervals.of([before, after], labels: labels))
        let counts = Dictionary(grouping: studies.map { labels[$0.label] }, by: { $0 }).mapValues(\.count)
        let card = ModelCard.fineTuned(version: version, base: directory.version, cases: studies.count, overrides: overrides,
                                       labelCounts: counts, recipe: recipe, epochLosses: losses, comparison: table)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let metrics = try encoder.encode(after.evaluation)
        do throws(ModelDirectory.Problem) { try tuned.save(metrics: metrics, card: card) } catch {
            throw CommandFailure(error.description, .cannotCreate)
        }
        writeOut(card)
    }

    /// The reviewed cases as training studies, with how many labels differ from what the model had
    /// suggested. Cases whose files are gone or whose label the model does not know are named and left out.
    private func reviewedStudies(in store: CaseStore, labels: [String], spec: StudyInputSpec) throws
        -> (studies: [LabelledStudy], overrides: Int) {
        let cases = try store.reviewedCases()
        var studies: [LabelledStudy] = [], overrides = 0
        for item in cases {
            guard let label = labels.firstIndex(of: item.label) else {
                writeErr("lightbox: case #\(item.caseID): label \(item.label) is not one of the model's; left out\n")
                continue
            }
            switch CaseVolume.load(seriesUID: item.seriesUID, sliceFiles: item.sliceFiles) {
            case .failure(let failure):
                writeErr("lightbox: case #\(item.caseID): \(failure.message); left out\n")
            case .success(let volume):
                studies.append(LabelledStudy(volume: volume, report: item.report, label: label, spec: spec,
                                             accession: "case \(item.caseID)"))
                if item.suggestedLabel != item.label { overrides += 1 }
            }
        }
        guard !studies.isEmpty else {
            throw CommandFailure("\(store.path): no reviewed case with a label to learn from (accept or correct some first)", .noInput)
        }
        writeErr("\(studies.count) reviewed cases, \(overrides) of them labelled otherwise than suggested\n")
        return (studies, overrides)
    }
}
