import CaseStore
import Foundation
import LightboxTestSupport
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

    @Test func evalPrintsTheFiguresAndRefusesTheTrainingSeed() {
        let result = Fixtures.lightbox(["eval", "--model", Self.demoModel, "--data", "phantom:99:6"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.text.contains("| fused |") && result.text.contains("sensitivity at 90 % specificity"), "\(result.text)")
        let leaked = Fixtures.lightbox(["eval", "--model", Self.demoModel, "--data", "phantom:7:6"])
        #expect(leaked.status == 64 && leaked.stderr.contains("trained on phantom seed 7"), "\(leaked.output)")
    }
}
