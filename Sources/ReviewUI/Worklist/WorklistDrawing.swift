import CaseStore
import Foundation
import TerminalGraphics
import TerminalScreen

/// Draws the worklist: a title with the counts, column headers with the sort mark, one row per case,
/// the status row (sort, filters, message or the search prompt) and the key bar.
struct WorklistDrawing {
    let screen: TerminalScreen
    let styles: Styles
    let settings: ReviewSettings
    let keys: [KeyBinding<WorklistCommand>]

    private struct Column {
        var title: String
        var sort: WorklistQuery.SortKey?
        var width: Int
        var rightAligned = false
        var text: (WorklistCase) -> String
        var style: ((WorklistCase) -> TextStyle?)? = nil
    }

    func draw(_ state: WorklistState, layout: ReviewLayout, prompt: LineEditor?, message: StatusMessage?, privacy: Bool) {
        let unicode = screen.capabilities.unicode
        let counts = "\(state.total) case\(state.total == 1 ? "" : "s") · \(state.pending) pending · \(state.reviewed) reviewed"
        let title = "Lightbox worklist · \(settings.reader) (\(settings.role?.rawValue ?? "no role"))"
        screen.put(title, row: layout.titleRow, column: 0, maxColumns: layout.cols - TextLayout.columns(of: counts) - 2,
                   style: styles.title)
        screen.put(counts, row: layout.titleRow, column: max(0, layout.cols - TextLayout.columns(of: counts)), style: styles.dim)

        let columns = self.columns(width: layout.cols, privacy: privacy)
        var x = 0
        for column in columns {
            var title = column.title
            if column.sort == state.query.sort { title += state.query.descending ? (unicode ? "▼" : "v") : (unicode ? "▲" : "^") }
            put(title, column, x: x, row: layout.headerRow, style: styles.accent)
            x += column.width + 1
        }
        if state.loaded, state.total == 0 {
            let text = state.filterSummary.isEmpty ? "no cases in the store yet: an admin imports them with `lightbox import`"
                : "no case matches the filters (x clears them)"
            screen.put(text, row: layout.listTop + 1, column: 2, style: styles.dim)
        }
        for line in 0..<layout.listRows {
            let index = state.top + line
            guard let row = state.row(at: index) else { continue }
            let selected = index == state.cursor
            if selected { screen.put(String(repeating: " ", count: layout.cols), row: layout.listTop + line, column: 0, style: styles.selection) }
            var x = 0
            for column in columns {
                let style = selected ? styles.selection : column.style?(row) ?? styles.text
                put(column.text(row), column, x: x, row: layout.listTop + line, style: style)
                x += column.width + 1
            }
        }
        drawStatus(state, layout: layout, prompt: prompt, message: message)
        screen.put(keys.keyHints([(["open"], "open"), (["search"], "search"), (["sort"], "sort"), (["filter_status"], "status"),
                                  (["filter_finding"], "finding"), (["filter_uncertain"], "uncertain"), (["clear_filters"], "clear"),
                                  (["privacy"], "privacy"), (["help"], "help"), (["quit"], "quit")], unicode: unicode),
                   row: layout.keyBarRow, column: 0, style: styles.dim)
    }

    private func drawStatus(_ state: WorklistState, layout: ReviewLayout, prompt: LineEditor?, message: StatusMessage?) {
        screen.fillRow(layout.statusRow, style: styles.bar)
        if let prompt {
            screen.put(" / " + prompt.text + "_", row: layout.statusRow, column: 0, style: styles.bar)
            return
        }
        var text = " sort \(state.query.sort.rawValue)" + (state.query.descending ? " desc" : "")
        if !state.filterSummary.isEmpty { text += " | " + state.filterSummary }
        screen.put(text, row: layout.statusRow, column: 0, style: styles.bar)
        if let message { ReviewDrawing(screen: screen, styles: styles).putMessage(message, row: layout.statusRow, after: text, cols: layout.cols) }
    }

    private func put(_ text: String, _ column: Column, x: Int, row: Int, style: TextStyle) {
        let width = TextLayout.columns(of: text)
        let shown = column.rightAligned && width < column.width ? String(repeating: " ", count: column.width - width) + text : text
        screen.put(shown, row: row, column: x, maxColumns: column.width, style: style)
    }

    /// The columns of DESIGN §4; the patient column takes what the others leave, accession shows when there is room.
    private func columns(width: Int, privacy: Bool) -> [Column] {
        let blind = settings.blindRead
        var columns = [
            Column(title: "Date", sort: .date, width: 10) { $0.studyDate ?? "—" },
            Column(title: "Mod", sort: nil, width: 3) { $0.modality ?? "" },
            Column(title: "AI finding", sort: .finding, width: 18) { $0.finding ?? "no suggestion" },
            Column(title: "Prob", sort: .probability, width: 4, rightAligned: true) { row in
                row.probability.map { String(format: "%.2f", $0) } ?? ""
            },
            Column(title: "?", sort: nil, width: 1, text: { row in
                (row.probability ?? 1) < WorklistState.uncertainBelow ? "?" : ""
            }, style: { _ in styles.warning }),
            Column(title: "Status", sort: .status, width: 7, text: { $0.isPending ? "pending" : "done" },
                   style: { $0.isPending ? styles.pending : styles.reviewed }),
            Column(title: "Reviewer", sort: .reviewer, width: 10) { row in
                blind ? (row.readerReviewCount > 0 ? settings.reader : "") : row.lastReviewer ?? ""
            },
        ]
        if !blind {
            columns.insert(Column(title: "Reads", sort: nil, width: 5, rightAligned: true) { $0.reviewCount == 0 ? "" : String($0.reviewCount) },
                           at: columns.count - 1)
        }
        var used = columns.reduce(0) { $0 + $1.width + 1 }
        if width - used >= 24 + 16 + 1, !privacy {
            columns.insert(Column(title: "Accession", sort: nil, width: 16) { $0.accession ?? "" }, at: 0)
            used += 17
        }
        let patient = Column(title: "Patient", sort: .patient, width: max(8, width - used - 1)) { row in
            privacy ? ReviewDrawing.pseudonym(row.caseID) : "\(row.patientID) \(ReviewDrawing.personName(row.patientName))"
        }
        return [patient] + columns
    }
}
