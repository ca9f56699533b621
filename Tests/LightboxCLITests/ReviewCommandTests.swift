import CaseStore
import Foundation
import LightboxTestSupport
import Phantom
import Testing

/// `lightbox review` driven through tmux as a doctor would use it, checked against what the store holds
/// afterwards: decisions, their reviewer and links, and an intact audit log.
@Suite("lightbox review", .serialized, .timeLimit(.minutes(3)))
struct ReviewCommandTests {
    static let utf8 = ["LANG": "C.UTF-8"]
    static let truecolor = ["TERM": "xterm-256color", "COLORTERM": "truecolor"]
    static let palette256 = ["TERM": "xterm-256color"]
    static let ascii = ["LANG": "C", "LC_ALL": "C", "TERM": "xterm-256color"]

    private var fixture: ReviewFixture.Data { ReviewFixture.data }

    private func start(_ db: String, cols: Int, rows: Int, environment: [String: String], arguments: String = "") throws -> TmuxSession {
        let session = try TmuxSession(cols: cols, rows: rows, environment: environment)
        session.run("cd \(fixture.folder) && \(lightboxBinary) review --db \(db) \(arguments)")
        return session
    }

    /// Every screen is either pure ASCII (no UTF-8 locale) or free of replacement characters.
    private func expectClean(_ session: TmuxSession, ascii: Bool, _ where_: String) {
        let screen = session.capture(escapes: true)
        if ascii {
            #expect(screen.utf8.allSatisfy { $0 < 0x80 }, "non-ASCII on the \(where_): \(screen)")
        } else {
            #expect(!screen.contains("\u{FFFD}"), "replacement character on the \(where_): \(screen)")
        }
    }

    @Test(arguments: [(80, 24, utf8.merging(truecolor) { $1 }), (80, 24, utf8.merging(palette256) { $1 }),
                      (200, 60, utf8.merging(truecolor) { $1 }), (200, 60, utf8.merging(palette256) { $1 }),
                      (80, 24, ascii)])
    func acceptOneCorrectAnotherAndQuit(cols: Int, rows: Int, environment: [String: String]) throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = ReviewFixture.store(in: folder)
        let ascii = environment["LANG"] == "C"
        let session = try start(db, cols: cols, rows: rows, environment: environment)
        defer { session.kill() }
        #expect(session.waitFor("3 cases · 3 pending".replacingOccurrences(of: "·", with: ascii ? "." : "·")), "\(session.capture())")
        expectClean(session, ascii: ascii, "worklist")

        // Find the study with a heatmap, open it at its key slice, and look at it.
        let study = fixture.studies[0]
        session.send("/")
        session.send(literal: study.studyInfo.accessionNumber)
        session.send("Enter")
        #expect(session.waitFor("1 case "), "\(session.capture())")
        session.send("Enter")
        let key = "slice \(study.keySlice + 1)/\(study.sliceCount)"
        #expect(session.waitFor(key), "\(session.capture())")
        #expect(session.capture().contains(ascii ? "SYNTHETIC DEMO - not for clinical use" : "SYNTHETIC DEMO — not for clinical use"))
        #expect(session.capture().contains("test-fixture 1"))
        expectClean(session, ascii: ascii, "case view")
        session.send("j")
        #expect(session.waitFor("slice \(study.keySlice + 2)/\(study.sliceCount)"))
        session.send("g")
        #expect(session.waitFor(key))
        session.send("2")
        #expect(session.waitFor("mediastinum W350 L50"))
        session.send("o")
        #expect(session.waitFor("overlay 45%"))
        session.send("]")
        #expect(session.waitFor("overlay 55%"))
        session.send("?")
        #expect(session.waitFor("Case view keys"))
        expectClean(session, ascii: ascii, "help")
        session.send("?")
        #expect(session.waitUntil { !$0.contains("Case view keys") } != nil)

        // Back to the whole list: accept the first case, which opens the next; correct that one.
        session.send("q")
        session.send("x")
        #expect(session.waitFor("3 cases"))
        session.send("g")
        session.send("Enter")
        #expect(session.waitFor("AI suggestion"))
        session.send("a")
        #expect(session.waitFor("saved: accept"), "\(session.capture())")
        #expect(session.capture().contains("next pending case"))
        session.send("c")
        #expect(session.waitFor("Correct the AI's finding"))
        session.send("2")
        session.send("Tab")
        session.send("Tab")
        session.send("3")
        session.send("Tab")
        session.send(literal: "faint opacity")
        #expect(session.waitFor("faint opacity_"))
        expectClean(session, ascii: ascii, "correction dialog")
        session.send("Enter")
        #expect(session.waitFor("saved: correct"), "\(session.capture())")
        session.send("q")
        #expect(session.waitFor("1 pending · 2 reviewed".replacingOccurrences(of: "·", with: ascii ? "." : "·")), "\(session.capture())")
        session.send("q")
        #expect(session.waitUntil { _ in session.showsShell } != nil)
        session.run("echo restored-ok")
        #expect(session.waitFor("\nrestored-ok"))

        let store = try CaseStore(path: db, actor: "lbx-test-admin")
        let first = try store.reviews(ofCase: fixture.caseOrder[0]), second = try store.reviews(ofCase: fixture.caseOrder[1])
        #expect(first.count == 1 && second.count == 1)
        #expect(try store.reviews(ofCase: fixture.caseOrder[2]).isEmpty)
        #expect([first[0], second[0]].allSatisfy { $0.reviewer == OSUser.current && $0.role == .reviewer && $0.draft.supersedes == nil })
        #expect(first[0].draft.action == .accept)
        #expect(first[0].draft.label == (try store.caseRecord(fixture.caseOrder[0]).suggestion?.topLabel))
        #expect(second[0].draft.action == .correct && second[0].draft.label == "effusion")
        #expect(second[0].draft.difficulty == 3 && second[0].draft.note == "faint opacity")
        let audit = Fixtures.lightbox(["audit", "verify", "--db", db])
        #expect(audit.status == 0 && audit.text.hasPrefix("audit log intact:"), "\(audit.output)")
    }

    @Test func privacyModeHidesNamesAndIDs() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let session = try start(ReviewFixture.store(in: folder), cols: 120, rows: 30, environment: Self.utf8.merging(Self.palette256) { $1 })
        defer { session.kill() }
        let patient = fixture.studies[0].patient.id
        #expect(session.waitFor(patient))
        session.send("P")
        #expect(session.waitUntil { !$0.contains(patient) && $0.contains("case #") } != nil, "\(session.capture())")
        session.send("Enter")
        #expect(session.waitFor("AI suggestion"))
        #expect(!fixture.studies.contains { session.capture().contains($0.patient.id) || session.capture().contains($0.studyInfo.accessionNumber) })
        session.send("q")
        session.send("q")
    }

    @Test func blindReadHidesTheFirstReadersDecision() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = ReviewFixture.store(in: folder)
        try CaseStore(path: db, actor: "lbx-test-admin").setRole(.reviewer, for: "dr-first")
        _ = try CaseStore(path: db, actor: "dr-first").recordReview(ReviewDraft(caseID: fixture.caseOrder[0], action: .reject))
        for blind in [false, true] {
            let session = try start(db, cols: 120, rows: 30, environment: Self.utf8.merging(Self.palette256) { $1 },
                                    arguments: blind ? "--blind-read" : "")
            defer { session.kill() }
            #expect(session.waitFor("3 pending"), "\(session.capture())")  // pending for this reader either way
            #expect(session.capture().contains("dr-first") == !blind)
            session.send("Enter")
            #expect(session.waitFor("AI suggestion") && session.waitFor(" zoom "))  // the status row is drawn last
            #expect(session.capture().contains("dr-first reject") == !blind, "\(session.capture())")
            #expect(session.capture().contains("1 by others, hidden (blind read)") == blind)
            session.send("q")
            session.send("q")
            #expect(session.waitUntil { _ in session.showsShell } != nil)
        }
    }

    @Test func aHangupRightAfterADecisionKeepsItAndRestoresTheTerminal() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = ReviewFixture.store(in: folder)
        let session = try start(db, cols: 100, rows: 30, environment: Self.utf8.merging(Self.palette256) { $1 })
        defer { session.kill() }
        #expect(session.waitFor("3 pending"))
        session.send("Enter")
        #expect(session.waitFor("AI suggestion"))
        let pids = session.programPIDs
        #expect(pids.count == 1)
        session.send("a")
        // The hangup follows the key as soon as the decision is visible in the store, while the
        // program is still busy opening the next case.
        let store = try CaseStore(path: db, actor: "lbx-test-admin")
        let deadline = Date().addingTimeInterval(20)
        while try store.reviews(ofCase: fixture.caseOrder[0]).isEmpty, Date() < deadline { usleep(2_000) }
        for pid in pids { kill(pid, SIGHUP) }
        #expect(session.waitUntil { _ in session.showsShell } != nil)
        session.run("echo status=$?")
        #expect(session.waitFor("status=\(128 + SIGHUP)"), "\(session.capture())")
        session.run("tput cols; echo shell-ok")
        #expect(session.waitFor("\nshell-ok"))
        let reviews = try store.reviews(ofCase: fixture.caseOrder[0])
        #expect(reviews.count == 1 && reviews[0].draft.action == .accept)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func twoReadersDecidingAtOnceBothSave() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = ReviewFixture.store(in: folder)
        let environment = Self.utf8.merging(Self.palette256) { $1 }
        let one = try start(db, cols: 100, rows: 30, environment: environment)
        defer { one.kill() }
        let two = try start(db, cols: 100, rows: 30, environment: environment)
        defer { two.kill() }
        #expect(one.waitFor("3 pending") && two.waitFor("3 pending"))
        one.send("Enter")
        two.send("j")
        two.send("Enter")
        #expect(one.waitFor("AI suggestion") && two.waitFor("AI suggestion"))
        one.send("a")
        two.send("a")
        #expect(one.waitFor("saved: accept"), "\(one.capture())")
        #expect(two.waitFor("saved: accept"), "\(two.capture())")
        for session in [one, two] {
            #expect(!session.capture().lowercased().contains("locked"))
            session.send("q")
            session.send("q")
        }
        let store = try CaseStore(path: db, actor: "lbx-test-admin")
        #expect(try store.reviews(ofCase: fixture.caseOrder[0]).count == 1)
        #expect(try store.reviews(ofCase: fixture.caseOrder[1]).count == 1)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func aViewerIsToldWhyTheKeyDoesNothing() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = ReviewFixture.store(in: folder)
        try CaseStore(path: db, actor: "lbx-test-admin").setRole(.viewer, for: OSUser.current)
        let session = try start(db, cols: 100, rows: 30, environment: Self.utf8.merging(Self.palette256) { $1 })
        defer { session.kill() }
        #expect(session.waitFor("(viewer)"))
        session.send("Enter")
        #expect(session.waitFor("AI suggestion"))
        session.send("a")
        #expect(session.waitFor("may not decide cases"), "\(session.capture())")
        session.send("q")
        session.send("q")
        #expect(try CaseStore(path: db, actor: "lbx-test-admin").reviews(ofCase: fixture.caseOrder[0]).isEmpty)
    }

    @Test func resizingRedrawsAndATinyTerminalAsksToBeEnlarged() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let session = try start(ReviewFixture.store(in: folder), cols: 100, rows: 30, environment: Self.utf8.merging(Self.truecolor) { $1 })
        defer { session.kill() }
        #expect(session.waitFor("3 pending"))
        session.send("Enter")
        #expect(session.waitFor("AI suggestion"))
        session.resize(cols: 50, rows: 12)
        #expect(session.waitFor("have 50x12"), "\(session.capture())")
        session.resize(cols: 140, rows: 45)
        // The pane grows before the program redraws, so wait for the status line on the new last-but-one row
        // rather than for the first capture that happens to be 45 rows tall.
        let redrawn = session.waitUntil { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 45 && lines[43].hasPrefix(" slice ") && screen.contains("AI suggestion")
        }
        #expect(redrawn != nil, "\(session.capture())")
        session.send("q")
        session.send("q")
        #expect(session.waitUntil { _ in session.showsShell } != nil)
    }

    @Test func aCaseOpenedWithoutASuggestionGetsTheModelsWhileTheKeysKeepWorking() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = folder + "/store.sqlite"
        let admin = try CaseStore(path: db, actor: "lbx-test-admin")
        _ = try admin.importData(ImportRequest(path: fixture.folder + "/studies", reports: fixture.folder + "/reports"))
        try admin.setRole(.reviewer, for: OSUser.current)
        let caseID = try #require(try admin.worklist(WorklistQuery()).cases.first?.caseID)
        let session = try start(db, cols: 120, rows: 34, environment: Self.utf8.merging(Self.palette256) { $1 },
                                arguments: "--model \(ModelCommandTests.demoModel)")
        defer { session.kill() }
        #expect(session.waitFor("3 pending"), "\(session.capture())")
        session.send("Enter")
        // The model takes a fraction of a second: the pane says it is computing, or already shows the result.
        #expect(session.waitUntil { $0.contains("computing AI suggestion") || $0.contains("lightbox-fusion") } != nil,
                "\(session.capture())")
        session.send("2")
        #expect(session.waitFor("mediastinum W350 L50"), "\(session.capture())")
        let shown = session.waitUntil { $0.contains("lightbox-fusion") && $0.contains("key slice") && $0.contains("heatmap yes") }
        #expect(shown?.range(of: #"\d\.\d\d"#, options: .regularExpression) != nil, "\(session.capture())")
        #expect(shown?.contains("mediastinum W350 L50") == true)  // the reader's window stayed

        let suggestion = try #require(try admin.caseRecord(caseID).suggestion)
        #expect(suggestion.modelID == "lightbox-fusion" && abs(suggestion.probabilities.map(\.probability).reduce(0, +) - 1) < 1e-6)
        #expect(FileManager.default.fileExists(atPath: try #require(suggestion.heatmapPath)))
        session.send("q")
        #expect(session.waitFor(try #require(suggestion.topLabel)), "\(session.capture())")  // the worklist row
        session.send("q")
        #expect(session.waitUntil { _ in session.showsShell } != nil)
        #expect(try admin.verifyAudit().isIntact)
    }

    @Test func aModelThatDoesNotLoadIsReportedWhereItWasNamed() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = ReviewFixture.store(in: folder)
        let config = folder + "/config/lightbox/config.toml"
        try FileManager.default.createDirectory(atPath: folder + "/config/lightbox", withIntermediateDirectories: true)
        try "privacy = true\nmodel = \"no-model\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let configured = Fixtures.lightbox(["review", "--db", db], environment: ["XDG_CONFIG_HOME": folder + "/config"])
        #expect(configured.status == 78, "\(configured.output)")
        #expect(configured.stderr.hasPrefix("lightbox: \(config):2: model: \(folder)/config/lightbox/no-model/config.json: missing"),
                "\(configured.output)")
        let given = Fixtures.lightbox(["review", "--db", db, "--model", folder + "/none"])
        #expect(given.status == 66 && given.stderr.hasPrefix("lightbox: \(folder)/none/config.json: missing"), "\(given.output)")
    }

    @Test func withoutATerminalItFailsWithOneLine() {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let result = Fixtures.lightbox(["review", "--db", ReviewFixture.store(in: folder)])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("lightbox: the review screens need a terminal"))
    }
}
