import CaseStore
import Foundation
import LightboxTestSupport
import Phantom
import Testing

/// `infer`, `eval` and `import --model` with the committed demo model, on phantom data the tests write.
@Suite("lightbox infer, eval and import --model", .serialized)
struct ModelCommandTests {
    static let demoModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Demo/model").path

    @Test func inferPrintsASuggestionTheImporterReadsAndWritesTheOverlay() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let result = Fixtures.lightbox(["infer", Fixtures.phantom.folder, "--model", Self.demoModel,
                                        "--heatmap", folder + "/overlay.png", "--map", folder + "/map.png"])
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["model_id"] as? String == "lightbox-fusion")
        #expect((object["probabilities"] as? [String: Double]).map { abs($0.values.reduce(0, +) - 1) < 1e-6 } == true)
        let key = try #require(object["key_slice"] as? Int)
        #expect((0..<Fixtures.phantom.study.sliceCount).contains(key))
        #expect(result.stderr.hasPrefix("suggestion: "))
        #expect(FileManager.default.fileExists(atPath: folder + "/overlay.png") && FileManager.default.fileExists(atPath: folder + "/map.png"))
    }

    @Test func importWithAModelAddsOneSuggestionPerCaseOnce() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = folder + "/store.sqlite"
        let first = Fixtures.lightbox(["import", Fixtures.phantom.folder, "--db", db, "--model", Self.demoModel])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.text.contains("AI suggestions: 1 added by lightbox-fusion"), "\(first.text)")
        let again = Fixtures.lightbox(["import", Fixtures.phantom.folder, "--db", db, "--model", Self.demoModel])
        #expect(again.text.contains("AI suggestions: 0 added"), "\(again.text)")
        let store = try CaseStore(path: db, actor: "reader")
        let record = try store.caseRecord(try #require(try store.worklist(WorklistQuery()).cases.first?.caseID))
        let suggestion = try #require(record.suggestion)
        #expect(suggestion.modelID == "lightbox-fusion" && suggestion.probabilities.count == 6)
        #expect(FileManager.default.fileExists(atPath: try #require(suggestion.heatmapPath)))
        #expect(Fixtures.lightbox(["audit", "verify", "--db", db]).status == 0)
    }

    /// Training is reproducible from its seed across processes: each process seeds Swift's hashing
    /// afresh, so an order taken from a Set or a Dictionary shows here as other weights. A validation
    /// split of one study, where no class has an AUC, still gets its model written; data whose patients
    /// all fall on one side of the split is refused before training.
    @Test func trainingIsReproducibleAcrossProcessesAndRefusesAnEmptySplit() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let arguments = ["train", "--data", "phantom:7:8", "--epochs", "1", "--matrix", "32", "--slices", "12", "--step-slices", "6"]
        var weights: [Data] = []
        for run in ["first", "second"] {
            let result = Fixtures.lightbox(arguments + ["--out", folder + "/" + run])
            #expect(result.status == 0, "\(result.output)")
            weights.append(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + run + "/model.safetensors")))
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + run + ".checkpoint.safetensors"), "the checkpoint outlived its model")
        }
        // A Bool, not the two Data: Swift Testing would diff 100 kB of bytes to describe a failure.
        let identical = weights[0] == weights[1]
        #expect(identical, "two trainings with one seed wrote different weights")
        let tooFew = Fixtures.lightbox(["train", "--data", "phantom:7:1", "--out", folder + "/none"])
        #expect(tooFew.status == 64 && tooFew.stderr.contains("give more studies"), "\(tooFew.output)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/none"))
    }

    /// A checkpoint beside --out is taken up only with --resume, --resume needs one, and one of another
    /// training (other options) or a damaged one is refused by its path; nothing is written meanwhile.
    @Test func aCheckpointIsResumedOnlyWhenAskedAndOnlyByItsOwnTraining() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let out = folder + "/model", checkpoint = folder + "/model.checkpoint.safetensors"
        let arguments = ["train", "--data", "phantom:7:8", "--epochs", "1", "--matrix", "32", "--slices", "12", "--step-slices", "6",
                         "--out", out]
        let nothing = Fixtures.lightbox(arguments + ["--resume"])
        #expect(nothing.status == 66 && nothing.stderr.contains("--resume: no checkpoint at \(checkpoint)"), "\(nothing.output)")

        // A safetensors file of no tensors, written by hand: its header's length, then the header.
        let header = Data(#"{"__metadata__":{"lightbox.training.version":"fused-0.2+phantom9n8s7e1.000000"}}"#.utf8)
        try (withUnsafeBytes(of: UInt64(header.count).littleEndian) { Data($0) } + header).write(to: URL(fileURLWithPath: checkpoint))
        let unasked = Fixtures.lightbox(arguments)
        #expect(unasked.status == 73 && unasked.stderr.contains("\(checkpoint): an interrupted training left its checkpoint here"),
                "\(unasked.output)")
        let another = Fixtures.lightbox(arguments + ["--resume"])
        #expect(another.status != 0 && another.stderr.contains("\(checkpoint): the checkpoint of another training (fused-0.2+phantom9n8s7e1.000000)"),
                "\(another.output)")
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: checkpoint))
        let damaged = Fixtures.lightbox(arguments + ["--resume"])
        #expect(damaged.status != 0 && damaged.stderr.contains("\(checkpoint): not a readable training checkpoint"), "\(damaged.output)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let reviews = Fixtures.lightbox(["train", "--from-reviews", "--base", Self.demoModel, "--out", out, "--resume"])
        #expect(reviews.status == 64 && reviews.stderr.contains("fine-tuning on reviews keeps no checkpoint"), "\(reviews.output)")
    }

    /// `--slice-context` gives a trained model slice context on its own data (here with its last block
    /// learning too, and the blob channel) and writes a new folder whose card says so; eval reads it with
    /// each study's slice depths, and its ablation trains siblings as the base was (no blob channel).
    /// Without a base it is refused, and so are its options without it.
    @Test func sliceContextIsAddedToATrainedModel() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let data = ["--data", "phantom:7:8", "--epochs", "1"]
        let base = Fixtures.lightbox(["train"] + data + ["--matrix", "32", "--slices", "12", "--step-slices", "6", "--out", folder + "/base"])
        #expect(base.status == 0, "\(base.output)")
        let context = Fixtures.lightbox(["train", "--base", folder + "/base", "--slice-context", "4,8", "--key-slice-term", "1",
                                         "--train-last-block", "--blob-filter", "1.5,2.5"] + data + ["--out", folder + "/context"])
        #expect(context.status == 0, "\(context.output)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/context.checkpoint.safetensors"), "the checkpoint outlived its model")
        #expect(context.text.contains("each cell also reading the same cell 4 and 8 mm above and below")
                && context.text.contains("- Slice context: added to fused-0.2+phantom7n8s7e1.")
                && context.text.contains("but for its last block, which learnt with the context")
                && context.text.contains("a key-slice term weighed 1")
                && context.text.contains("a Hessian blob filter's response over the study's slices at 1.5, 2.5 mm in units of 40 HU"), "\(context.text)")
        let config = try String(contentsOfFile: folder + "/context/config.json", encoding: .utf8)
        #expect(config.contains("\"sliceContextMM\"") && config.contains("\"blobScalesMM\"") && config.contains("\"blobResponseScaleHU\" : 40")
                && config.contains(".context4-8k1s7e1+block+blob1.5-2.5per40\""), "\(config)")
        let evaluated = Fixtures.lightbox(["eval", "--model", folder + "/context", "--data", "phantom:99:2", "--ablation"])
        #expect(evaluated.status == 0 && ["| fused |", "| image |", "| text |"].allSatisfy(evaluated.text.contains), "\(evaluated.output)")

        let baseless = Fixtures.lightbox(["train", "--slice-context", "4"] + data + ["--out", folder + "/none"])
        #expect(baseless.status == 64 && baseless.stderr.contains("--slice-context takes --base MODEL and its --data"), "\(baseless.output)")
        let stray = Fixtures.lightbox(["train", "--key-slice-term", "1"] + data + ["--out", folder + "/none"])
        #expect(stray.status == 64 && stray.stderr.contains("--key-slice-term is for --slice-context"), "\(stray.output)")
        let strayBlock = Fixtures.lightbox(["train", "--train-last-block"] + data + ["--out", folder + "/none"])
        #expect(strayBlock.status == 64 && strayBlock.stderr.contains("--train-last-block is for --slice-context"), "\(strayBlock.output)")
        let strayBlob = Fixtures.lightbox(["train", "--blob-filter", "2.5"] + data + ["--out", folder + "/none"])
        #expect(strayBlob.status == 64 && strayBlob.stderr.contains("--blob-filter is for --slice-context"), "\(strayBlob.output)")
    }

    /// The figures, and with --studies one row per study: its true class as the phantom says, a
    /// pointing-game verdict exactly for the studies with a lesion, and the largest lesion's diameter.
    @Test func evalPrintsTheFiguresListsTheStudiesAndRefusesTheTrainingSeed() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let result = Fixtures.lightbox(["eval", "--model", Self.demoModel, "--data", "phantom:99:6", "--studies", folder + "/studies.csv"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.text.contains("| fused |") && result.text.contains("sensitivity at 90 % specificity | specificity at 95 % sensitivity | pointing game |"),
                "\(result.text)")
        #expect(result.text.contains("fused: 95 % intervals (percentile bootstrap, 1000 draws of the studies)")
                && result.text.contains("- macro AUC "), "\(result.text)")
        let rows = try String(contentsOfFile: folder + "/studies.csv", encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.first == ["accession", "truth", "predicted", "probability", "truth_key_slice", "lesion_slices", "pointing_game",
                               "pointing_game_strict", "largest_lesion_mm", "largest_lesion_band"])
        #expect(result.text.contains("Pointing game by the study's largest lesion (diameter):"), "\(result.text)")
        let generator = PhantomGenerator(seed: 99)
        #expect(rows.count == 7)
        for (index, row) in rows.dropFirst().enumerated() {
            let study = generator.study(index: index)
            #expect(row[0] == study.studyInfo.accessionNumber && row[1] == study.label.rawValue, "\(row)")
            #expect(Int(row[4]).map { (0..<study.sliceCount).contains($0) } == true, "\(row)")
            #expect(row[5].isEmpty == (study.label == .normal) && row[6].isEmpty == row[5].isEmpty, "\(row)")
            let largest = study.lesions.map(\.diameterMM).max()
            #expect(row[8] == (largest.map { String(format: "%.1f", $0) } ?? ""), "\(row)")
            #expect(row[9] == (largest.map { $0 < 6 ? "under 6 mm" : $0 <= 8 ? "6–8 mm" : "over 8 mm" } ?? ""), "\(row)")
        }
        let leaked = Fixtures.lightbox(["eval", "--model", Self.demoModel, "--data", "phantom:7:6"])
        #expect(leaked.status == 64 && leaked.stderr.contains("trained on phantom seed 7"), "\(leaked.output)")
    }

    /// A reviewer corrects the model on a case; fine-tuning on the store's reviews makes a new version
    /// in a new folder, says how many labels overrode the suggestion, compares base and new version on
    /// the same held-out studies, and leaves the base as it was.
    @Test func trainFromReviewsFineTunesANewVersionOnTheHumanLabels() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = folder + "/store.sqlite"
        #expect(Fixtures.lightbox(["import", Fixtures.phantom.folder, "--db", db, "--model", Self.demoModel]).status == 0)
        let empty = Fixtures.lightbox(["train", "--from-reviews", "--base", Self.demoModel, "--out", folder + "/none", "--db", db])
        #expect(empty.status == 66 && empty.stderr.contains("no reviewed case"), "\(empty.output)")

        _ = try CaseStore(path: db).setRole(.reviewer, for: "reader")
        let reader = try CaseStore(path: db, actor: "reader")
        let caseID = try #require(try reader.worklist(WorklistQuery()).cases.first?.caseID)
        let suggestion = try #require(try reader.caseRecord(caseID).suggestion)
        let nodules: [String] = ["benign_nodule", "suspicious_nodule"]
        let human = try #require(nodules.first { $0 != suggestion.topLabel })
        _ = try reader.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestion.id, action: .correct, label: human))

        let weights = try Data(contentsOf: URL(fileURLWithPath: Self.demoModel + "/model.safetensors"))
        let out = folder + "/tuned"
        let tuned = Fixtures.lightbox(["train", "--from-reviews", "--base", Self.demoModel, "--out", out, "--db", db,
                                       "--eval-data", "phantom:99:4", "--epochs", "1"])
        #expect(tuned.status == 0, "\(tuned.output)")
        #expect(tuned.stderr.contains("1 reviewed cases, 1 of them labelled otherwise than suggested"), "\(tuned.stderr)")
        let card = try String(contentsOfFile: out + "/model-card.md", encoding: .utf8)
        #expect(card.contains("| base fused-") && card.contains("| fine-tuned fused-") && card.contains(".reviews1e1"), "\(card)")
        // Both measured on the same draws of the held-out studies: the change fine-tuning made, with its interval.
        #expect(card.contains("model's macro AUC minus this one's"), "\(card)")
        #expect(card.contains("\(human) 1"), "\(card)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/model.safetensors")) != weights)
        #expect(try Data(contentsOf: URL(fileURLWithPath: Self.demoModel + "/model.safetensors")) == weights)
        let again = Fixtures.lightbox(["train", "--from-reviews", "--base", Self.demoModel, "--out", out, "--db", db,
                                       "--eval-data", "phantom:99:4", "--epochs", "1"])
        #expect(again.status == 73 && again.stderr.contains("never overwritten"), "\(again.output)")
    }
}
