import CaseStore
import Foundation
import Imaging
import LightboxTestSupport
import Synchronization
import TerminalGraphics
import TerminalScreen
import Testing
import Viewing
@testable import ReviewUI

/// The review flow through the session's key handling, on a real store on disk with real PNG cases,
/// without a terminal: what each key does to the store and to the screens' state.
@Suite("Review session")
struct ReviewSessionTests {
    static let labels = ["benign_nodule", "normal", "suspicious_nodule"]

    /// Four one-image PNG cases with reports and (unless `suggested` is false) suggestions, imported by an
    /// admin; doc1 and doc2 review, guest only looks.
    private func makeStore(in folder: String, suggested: Bool = true) throws -> String {
        let images = folder + "/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        var suggestions = ""
        var reports = "study_uid,text,language\n"
        for index in 1...4 {
            let bytes = (0..<32 * 32).flatMap { i -> [UInt8] in let v = UInt8((i * index) % 256); return [v, v, v] }
            try PNGCodec.writeRGB(bytes, width: 32, height: 32, to: "\(images)/case\(index).png")
            let top = Self.labels[index % 3]
            let probabilities = Self.labels.map { "\"\($0)\": \($0 == top ? 0.8 : 0.1)" }.joined(separator: ", ")
            suggestions += "{\"study_uid\": \"png:case\(index)\", \"model_id\": \"fixture\", \"model_version\": \"1\", "
                + "\"probabilities\": {\(probabilities)}, \"key_slice\": 0}\n"
            reports += "png:case\(index),Report of case \(index).,en\n"
        }
        try suggestions.write(toFile: folder + "/suggestions.jsonl", atomically: true, encoding: .utf8)
        try reports.write(toFile: folder + "/reports.csv", atomically: true, encoding: .utf8)
        let path = folder + "/store.sqlite"
        let admin = try CaseStore(path: path, actor: "admin")
        let summary = try admin.importData(ImportRequest(path: images, reports: folder + "/reports.csv",
                                                         suggestions: suggested ? folder + "/suggestions.jsonl" : nil))
        #expect(summary.imported.series == 4 && summary.imported.suggestions == (suggested ? 4 : 0) && summary.imported.reports == 4)
        try admin.setRole(.reviewer, for: "doc1")
        try admin.setRole(.reviewer, for: "doc2")
        try admin.setRole(.viewer, for: "guest")
        return path
    }

    private func session(_ path: String, reader: String, suggestions: SuggestionWorker? = nil,
                         configure: (inout ReviewSettings) -> Void = { _ in }) throws -> (ReviewSession, CaseStore) {
        let store = try CaseStore(path: path, actor: reader)
        var settings = ReviewSettings(reader: reader, role: try store.actorRole())
        configure(&settings)
        var session = ReviewSession(store: store, settings: settings,
                                    renderer: SliceRenderer(geometry: .half, colorMode: .palette256),
                                    labels: try store.knownLabels(), suggestions: suggestions)
        session.start(visibleRows: 10)
        return (session, store)
    }

    private func press(_ session: inout ReviewSession, _ keys: Key...) {
        for key in keys { _ = session.handle(key) }
    }

    private func type(_ session: inout ReviewSession, _ text: String) {
        for character in text { _ = session.handle(.character(character)) }
    }

    @Test func acceptOneCorrectAnotherAndAdvance() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        var (session, store) = try session(try makeStore(in: folder), reader: "doc1")
        #expect(session.worklist.total == 4 && session.worklist.pending == 4)

        press(&session, .enter)
        let first = try #require(session.caseView?.record)
        #expect(session.caseView?.viewer.slice == 0)  // the key slice
        press(&session, .character("a"))
        #expect(session.message?.kind == .success, "\(String(describing: session.message))")
        let second = try #require(session.caseView?.record)
        #expect(second.caseID != first.caseID)

        press(&session, .character("c"))
        #expect(session.caseView?.dialog?.labels == Self.labels)
        press(&session, .enter)  // no label yet: not saved, the dialog says why
        #expect(session.caseView?.dialog?.problem != nil)
        press(&session, .character("3"), .tab, .tab, .character("4"), .tab)
        type(&session, "missed nodule")
        press(&session, .enter)
        #expect(session.caseView?.dialog == nil)
        #expect(session.caseView?.record.caseID != second.caseID)

        let all = try [first.caseID, second.caseID].flatMap { try store.reviews(ofCase: $0) }
        #expect(all.count == 2)
        #expect(all.allSatisfy { $0.reviewer == "doc1" && $0.role == .reviewer && $0.draft.supersedes == nil })
        #expect(all[0].draft.action == .accept && all[0].draft.label == first.suggestion?.topLabel)
        #expect(all[0].draft.suggestionID == first.suggestion?.id)
        #expect(all[1].draft.action == .correct && all[1].draft.label == "suspicious_nodule")
        #expect(all[1].draft.difficulty == 4 && all[1].draft.note == "missed nodule" && all[1].draft.locationSlice == 0)
        #expect(all.allSatisfy { ($0.draft.secondsSpent ?? -1) >= 0 })
        #expect(try store.verifyAudit().isIntact)

        press(&session, .character("q"))
        #expect(session.caseView == nil)
        #expect(session.worklist.pending == 2 && session.worklist.reviewed == 2)
    }

    @Test func aSecondDecisionOnTheSameCaseSupersedesTheFirst() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        var (session, store) = try session(try makeStore(in: folder), reader: "doc1") { $0.autoAdvance = false }
        press(&session, .enter, .character("a"))
        let record = try #require(session.caseView?.record)
        #expect(record.reviews.count == 1)  // without auto-advance the case stays open, with its decision
        press(&session, .character("r"))
        let reviews = try store.reviews(ofCase: record.caseID)
        #expect(reviews.map(\.draft.action) == [.accept, .reject])
        #expect(reviews[1].draft.supersedes == reviews[0].id)
    }

    @Test func doubleReadingKeepsBothAndBlindReadHidesTheFirst() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = try makeStore(in: folder)
        var (first, _) = try session(path, reader: "doc1")
        press(&first, .enter, .character("a"))
        var (second, store) = try session(path, reader: "doc2") { $0.blindRead = true }
        // For doc2 every case is still pending: doc1's reading does not count as theirs.
        #expect(second.worklist.pending == 4)
        #expect(second.worklist.row(at: 0)?.reviewCount == 1)
        press(&second, .enter)
        let caseID = try #require(second.caseView?.record.caseID)
        #expect(first.caseView != nil && second.caseView?.record.reviews.map(\.reviewer) == ["doc1"])
        press(&second, .character("r"))
        let reviews = try store.reviews(ofCase: caseID)
        #expect(Set(reviews.map(\.reviewer)) == ["doc1", "doc2"])
        #expect(reviews.allSatisfy { $0.draft.supersedes == nil })
    }

    @Test func aViewerIsToldWhyTheyCannotDecide() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        var (session, store) = try session(try makeStore(in: folder), reader: "guest")
        press(&session, .enter, .character("a"))
        #expect(session.message?.kind == .error)
        #expect(session.message?.text.contains("viewer") == true)
        #expect(session.message?.text.contains("lightbox users add guest reviewer") == true)
        press(&session, .character("c"))
        #expect(session.caseView?.dialog == nil)
        #expect(try store.reviews(ofCase: try #require(session.caseView?.record.caseID)).isEmpty)
    }

    @Test func searchAndFiltersNarrowTheList() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        var (session, _) = try session(try makeStore(in: folder), reader: "doc1")
        press(&session, .character("/"))
        type(&session, "finding:normal")
        press(&session, .enter)
        #expect(session.worklist.query.finding == "normal")
        #expect(session.worklist.total == 2)  // cases 1 and 4
        press(&session, .character("/"))
        type(&session, " p:2..3")
        press(&session, .enter)
        #expect(session.message?.kind == .error)
        #expect(session.worklist.query.finding == "normal")  // a bad filter changes nothing
        press(&session, .character("x"))
        #expect(session.worklist.total == 4)
        press(&session, .character("f"))
        #expect(session.worklist.query.status == .pending && session.worklist.total == 4)
        press(&session, .enter, .character("a"), .character("q"))
        #expect(session.worklist.total == 3)
    }

    @Test func nextAndPreviousFollowTheWorklist() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        var (session, _) = try session(try makeStore(in: folder), reader: "doc1")
        let order = (0..<4).compactMap { session.worklist.row(at: $0)?.caseID }
        press(&session, .enter, .character("n"), .character("n"))
        #expect(session.caseView?.record.caseID == order[2])
        press(&session, .character("p"))
        #expect(session.caseView?.record.caseID == order[1])
        press(&session, .character("p"), .character("p"))
        #expect(session.caseView?.record.caseID == order[0])
        #expect(session.message?.text == "this is the first case of the worklist")
    }

    // MARK: Suggestions computed on the spot

    /// Polls as the input loop does at every input timeout, until `done` or 10 seconds.
    private func poll(_ session: inout ReviewSession, until done: (ReviewSession) -> Bool) {
        let deadline = Date().addingTimeInterval(10)
        while !done(session), Date() < deadline {
            _ = session.pollSuggestions()
            usleep(2_000)
        }
    }

    @Test func aCaseOpenedWithoutASuggestionGetsOneWhileTheKeysKeepWorking() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = try makeStore(in: folder, suggested: false)
        let release = DispatchSemaphore(value: 0)
        let writer = try CaseStore(path: path, actor: "doc1")
        let worker = SuggestionWorker(modelName: "blocking 1") { caseID in
            release.wait()
            let suggestion = ModelSuggestion(modelID: "blocking", modelVersion: "1",
                                             probabilities: ["normal": 0.3, "suspicious_nodule": 0.7], keySlice: 0,
                                             highlights: ["Report"])
            do throws(StoreError) { try writer.addSuggestion(suggestion, toCase: caseID) } catch {
                return .failure(SuggestionWorker.Failure(error.description))
            }
            return .success(())
        }
        var (session, store) = try session(path, reader: "doc1", suggestions: worker)
        press(&session, .enter)
        let caseID = try #require(session.caseView?.record.caseID)
        #expect(session.suggestions?.job?.caseID == caseID)
        #expect(session.missingSuggestion == .computing(model: "blocking 1"))

        // The model is blocked: keys still do what they do, and polling finds nothing yet.
        press(&session, .character("2"), .tab)
        #expect(session.caseView?.viewer.windowName == "mediastinum" && session.caseView?.focus == .report)
        #expect(session.pollSuggestions() == .none && session.caseView?.record.suggestion == nil)

        release.signal()
        poll(&session) { $0.caseView?.record.suggestion != nil }
        let suggestion = try #require(session.caseView?.record.suggestion)
        #expect(suggestion.modelID == "blocking" && suggestion.topLabel == "suspicious_nodule" && suggestion.highlights == ["Report"])
        #expect(session.caseView?.keySlice == 0)
        #expect(session.caseView?.viewer.windowName == "mediastinum" && session.caseView?.focus == .report)  // nothing moved
        #expect(session.message == .success("AI suggestion ready"))
        #expect(session.suggestions?.job == nil)

        press(&session, .character("q"))
        let row = (0..<4).compactMap { session.worklist.row(at: $0) }.first { $0.caseID == caseID }
        #expect(row?.finding == "suspicious_nodule" && row?.probability == 0.7)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func aFailureNamesTheCaseAndIsNotTriedAgain() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = try makeStore(in: folder, suggested: false)
        let calls = Mutex(0)
        let worker = SuggestionWorker(modelName: "broken 1") { _ in
            calls.withLock { $0 += 1 }
            return .failure(SuggestionWorker.Failure("its DICOM series is no longer in /images"))
        }
        var (session, _) = try session(path, reader: "doc1", suggestions: worker)
        press(&session, .enter)
        let caseID = try #require(session.caseView?.record.caseID)
        poll(&session) { $0.message != nil }
        #expect(session.message == .error("case #\(caseID): no AI suggestion: its DICOM series is no longer in /images"))
        #expect(session.missingSuggestion == .failed("its DICOM series is no longer in /images"))
        press(&session, .character("q"), .enter)
        #expect(session.caseView?.record.caseID == caseID && session.suggestions?.job == nil)
        #expect(calls.withLock { $0 } == 1)
    }

    @Test func aViewerDoesNotRunTheModel() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let worker = SuggestionWorker(modelName: "unused") { _ in .failure(SuggestionWorker.Failure("must not run")) }
        var (session, _) = try session(try makeStore(in: folder, suggested: false), reader: "guest", suggestions: worker)
        press(&session, .enter)
        #expect(session.caseView != nil && session.suggestions?.job == nil)
        #expect(session.missingSuggestion == .none)
    }
}
