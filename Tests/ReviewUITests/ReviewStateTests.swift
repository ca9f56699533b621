import CaseStore
import Foundation
import TerminalScreen
import Testing
@testable import ReviewUI

@Suite("Worklist state, search text, correction dialog and key tables")
struct ReviewStateTests {
    private func page(_ ids: Range<Int>, pending: Int, reviewed: Int) -> WorklistPage {
        WorklistPage(cases: ids.map {
            WorklistCase(caseID: Int64($0), patientID: "P\($0)", patientName: "N", reviewCount: 0, readerReviewCount: 0,
                         isPending: true)
        }, pending: pending, reviewed: reviewed)
    }

    @Test func theWorklistAsksOnlyForPagesItLacks() {
        var state = WorklistState(query: WorklistQuery(), labels: [])
        state.visibleRows = 10
        #expect(state.missingPage?.offset == 0)
        state.receive(page(0..<30, pending: 1000, reviewed: 0), offset: 0)
        #expect(state.missingPage == nil)
        #expect(state.reduce(.page(1)) == .moved && state.cursor == 9)
        #expect(state.missingPage == nil)
        #expect(state.reduce(.last) == .moved && state.cursor == 999 && state.top == 990)
        let missing = state.missingPage
        #expect(missing?.offset == 980 && missing?.limit == 30)
        #expect(state.reduce(.move(1)) == .none)  // already at the end
        #expect(state.reduce(.first) == .moved && state.cursor == 0 && state.top == 0)
    }

    @Test func sortAndFiltersCycleAndRestartAtTheTop() {
        var state = WorklistState(query: WorklistQuery(), labels: ["a", "b"])
        state.receive(page(0..<30, pending: 30, reviewed: 0), offset: 0)
        _ = state.reduce(.move(5))
        #expect(state.reduce(.cycleSort) == .requery && state.query.sort == .finding && state.cursor == 0)
        #expect(state.reduce(.cycleFinding) == .requery && state.query.finding == "a")
        _ = state.reduce(.cycleFinding)
        _ = state.reduce(.cycleFinding)
        #expect(state.query.finding == nil)
        _ = state.reduce(.cycleStatus)
        #expect(state.query.status == .pending)
        _ = state.reduce(.toggleUncertain)
        #expect(state.query.probability == 0...WorklistState.uncertainBelow)
        #expect(state.filterSummary == "status:pending p:0..0.6")
        state.query.reader = "doc"
        _ = state.reduce(.reverseSort)
        _ = state.reduce(.clearFilters)
        #expect(state.query.status == nil && state.query.probability == nil)
        #expect(state.query.sort == .finding && state.query.descending && state.query.reader == "doc")
    }

    @Test func searchTextRoundTripsAndNamesItsMistakes() throws {
        var query = WorklistQuery()
        query.reader = "doc"
        let text = "PH20 status:reviewed finding:effusion reviewer:alice p:0..0.6 date:2024-01-01..2024-12-31"
        let parsed = try SearchText.apply(text, to: query)
        #expect(parsed.search == "PH20" && parsed.status == .reviewed && parsed.finding == "effusion")
        #expect(parsed.reviewer == "alice" && parsed.probability == 0...0.6 && parsed.dates == "2024-01-01"..."2024-12-31")
        #expect(parsed.reader == "doc")
        #expect(try SearchText.apply(SearchText.text(of: parsed), to: query) == parsed)
        #expect(try SearchText.apply("date:2024-02-03", to: query).dates == "2024-02-03"..."2024-02-03")
        #expect(throws: SearchText.Problem.self) { try SearchText.apply("status:maybe", to: query) }
        #expect(throws: SearchText.Problem.self) { try SearchText.apply("date:2024-13", to: query) }
        #expect(throws: SearchText.Problem.self) { try SearchText.apply("colour:red", to: query) }
    }

    @Test func theCorrectionDialogNeedsALabelAndTakesTheRest() {
        var dialog = CorrectionDialog(labels: ["a", "b", "c"], currentSlice: 12)
        #expect(dialog.handle(.enter) == .redraw && dialog.problem != nil)
        #expect(dialog.handle(.character("9")) == .none)
        #expect(dialog.handle(.character("2")) == .redraw && dialog.label == 1)
        _ = dialog.handle(.tab)
        _ = dialog.handle(.character(" "))  // no location
        _ = dialog.handle(.tab)
        _ = dialog.handle(.character("5"))
        _ = dialog.handle(.tab)
        for character in "fuzzy edge x" { _ = dialog.handle(.character(character)) }
        _ = dialog.handle(.backspace)
        _ = dialog.handle(.backspace)
        #expect(dialog.handle(.enter) == .save(.init(label: "b", locationSlice: nil, difficulty: 5, note: "fuzzy edge")))
        #expect(dialog.handle(.escape) == .cancel)
    }

    @Test func theStandardKeysFollowTheDesignAndHaveNoClashes() throws {
        let keys = ReviewKeys.standard
        _ = try keys.rebound([:])
        #expect(keys.caseView.action(for: .character("a")) == .decide(.accept))
        #expect(keys.caseView.action(for: .character("r")) == .decide(.reject))
        #expect(keys.caseView.action(for: .character("c")) == .decide(.correct))
        #expect(keys.caseView.action(for: .character("n")) == .nextCase)
        #expect(keys.caseView.action(for: .character("g")) == .keySlice)
        #expect(keys.caseView.action(for: .tab) == .switchPane)
        #expect(keys.caseView.action(for: .character("j")) == .image(.step(1)))
        #expect(keys.caseView.action(for: .character("o")) == .image(.toggleOverlay))
        #expect(keys.caseView.action(for: .character("q")) == .back)
        #expect(keys.worklist.action(for: .character("/")) == .list(.search))
        #expect(keys.worklist.action(for: .enter) == .list(.open))
        #expect(keys.worklist.action(for: .character("?")) == .help)
    }

    @Test func rebindingAppliesOnEveryScreenAndRefusesUnknownNames() throws {
        let keys = try ReviewKeys.standard.rebound(["accept": [.character("y")], "help": [.character("h")]])
        #expect(keys.caseView.action(for: .character("y")) == .decide(.accept))
        #expect(keys.caseView.action(for: .character("a")) == nil)
        #expect(keys.caseView.action(for: .character("h")) == .help && keys.worklist.action(for: .character("h")) == .help)
        #expect(throws: KeyTableError.unknownCommand("acept")) { try ReviewKeys.standard.rebound(["acept": [.character("y")]]) }
        #expect(throws: KeyTableError.self) { try ReviewKeys.standard.rebound(["accept": [.character("r")]]) }
    }
}

@Suite("Names on screen")
struct NameTests {
    @Test func dicomPersonNamesReadAsPeopleWriteThem() {
        #expect(ReviewDrawing.personName("Nowak^Ayşe") == "Nowak, Ayşe")
        #expect(ReviewDrawing.personName("Doe^John^Q^^") == "Doe, John Q")
        #expect(ReviewDrawing.personName("刘^浩然") == "刘浩然")
        #expect(ReviewDrawing.personName("Anonymous") == "Anonymous")
        #expect(ReviewDrawing.personName("Smith^") == "Smith")
    }
}

@Suite("Documentation")
struct KeyDocumentationTests {
    /// The README lists the command names config.toml may rebind; a renamed command would silently
    /// break users' files, so the list must follow the tables.
    @Test func theReadmeNamesEveryRebindableCommand() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let words = Set(try String(contentsOf: readme, encoding: .utf8).split { $0 == " " || $0 == "\n" || $0 == "`" }.map(String.init))
        let names = ReviewKeys.standard.worklist.commandNames().union(ReviewKeys.standard.caseView.commandNames())
        #expect(names.subtracting(words).isEmpty, "missing from README.md: \(names.subtracting(words).sorted())")
    }
}

@Suite("Report highlights")
struct HighlightTests {
    @Test func wholeLatinWordsAndAnyIdeograph() {
        let line = "Nodule has grown; overgrown nodule. 结节增大"
        let ranges = CaseDrawing.highlights(of: ["grown", "NODULE", "增大"], in: line)
        #expect(ranges.map { String(line[$0]) } == ["grown", "Nodule", "nodule", "增大"])
    }
}
