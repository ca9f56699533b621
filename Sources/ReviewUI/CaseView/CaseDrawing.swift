import CaseStore
import Foundation
import TerminalGraphics
import TerminalScreen

/// Draws the case view: title with the synthetic marker, the image pane (rendered by the session), and
/// the side panel: the suggestion with a bar per class (or why there is none yet), the decisions so far,
/// the scrollable report, or the correction dialog in their place.
struct CaseDrawing {
    let screen: TerminalScreen
    let styles: Styles
    let settings: ReviewSettings
    let keys: [KeyBinding<CaseCommand>]

    private var unicode: Bool { screen.capabilities.unicode }

    func draw(_ state: CaseViewState, layout: ReviewLayout, image: CellGrid?, hasHeatmap: Bool,
              missingSuggestion: MissingSuggestion, message: StatusMessage?, privacy: Bool) {
        drawTitle(state.record, layout: layout, privacy: privacy)
        if let image { screen.showImage(image, at: CursorPosition(row: layout.paneTop, column: 0)) }
        var row = layout.paneTop
        let left = layout.sideLeft, width = layout.sideCols, bottom = layout.paneTop + layout.paneRows
        if let dialog = state.dialog {
            drawDialog(dialog, top: row, left: left, width: width, bottom: bottom)
        } else {
            row = drawSuggestion(state, top: row, left: left, width: width, hasHeatmap: hasHeatmap, missing: missingSuggestion)
            row = drawDecisions(state.record, top: row + 1, left: left, width: width, bottom: bottom)
            drawReport(state, top: row + 1, left: left, width: width, bottom: bottom)
        }
        screen.fillRow(layout.statusRow, style: styles.bar)
        var status = " " + state.viewer.statusText
        if state.viewer.overlayOn, hasHeatmap, let key = state.keySlice, key != state.viewer.slice {
            status += " (heatmap on slice \(key + 1))"
        }
        screen.put(status, row: layout.statusRow, column: 0, style: styles.bar)
        if let message { ReviewDrawing(screen: screen, styles: styles).putMessage(message, row: layout.statusRow, after: status, cols: layout.cols) }
        let hints = state.dialog == nil
            ? keys.keyHints([(["accept"], "accept"), (["reject"], "reject"), (["correct"], "correct"),
                             (["next_case", "previous_case"], "case"), (["next_slice", "previous_slice"], "slice"),
                             (["key_slice"], "key slice"), (["overlay"], "overlay"), (["switch_pane"], "pane"),
                             (["help"], "help"), (["back"], "back")], unicode: unicode)
            : "Tab next field  1-\(state.dialog!.labels.count) label  Space location  1-5 difficulty  Enter save  Esc cancel"
        screen.put(hints, row: layout.keyBarRow, column: 0, style: styles.dim)
    }

    /// The wrapped report as the side panel shows it; the session scrolls by these lines.
    static func reportLines(_ record: CaseRecord, width: Int) -> [String] {
        guard let report = record.reports.first else { return ["(no report for this case)"] }
        return TextLayout.wrap(report.text, width: max(1, width))
    }

    private func drawTitle(_ record: CaseRecord, layout: ReviewLayout, privacy: Bool) {
        let marker = record.isSynthetic ? " \(ReviewDrawing.syntheticMarker) " : ""
        let markerWidth = TextLayout.columns(of: marker)
        var parts = privacy ? [ReviewDrawing.pseudonym(record.caseID)]
            : ["\(record.patient.id) \(ReviewDrawing.personName(record.patient.name))", record.accession ?? ""]
        parts += [record.studyDate ?? "", record.series.first?.description ?? record.studyDescription ?? ""]
        screen.put(parts.filter { !$0.isEmpty }.joined(separator: " · "), row: layout.titleRow, column: 0,
                   maxColumns: max(0, layout.cols - markerWidth - 1), style: styles.title)
        if !marker.isEmpty { screen.put(marker, row: layout.titleRow, column: max(0, layout.cols - markerWidth), style: styles.warning) }
    }

    /// Returns the next free row.
    private func drawSuggestion(_ state: CaseViewState, top: Int, left: Int, width: Int, hasHeatmap: Bool,
                                missing: MissingSuggestion) -> Int {
        var row = top
        screen.put("AI suggestion", row: row, column: left, maxColumns: width, style: styles.title)
        row += 1
        guard let suggestion = state.record.suggestion else {
            let style = switch missing {
            case .none: styles.dim
            case .computing, .waiting: styles.accent
            case .failed: styles.error
            }
            screen.put(missing.text(unicode: unicode), row: row, column: left, maxColumns: width, style: style)
            return row + 1
        }
        screen.put("\(suggestion.modelID) \(suggestion.modelVersion)", row: row, column: left, maxColumns: width, style: styles.dim)
        row += 1
        let labelWidth = min(suggestion.probabilities.map { TextLayout.columns(of: $0.label) }.max() ?? 0, max(6, width - 11))
        let barWidth = max(3, width - labelWidth - 6)
        for (index, entry) in suggestion.probabilities.enumerated() {
            let style = index == 0 ? styles.probabilityTop : styles.probability
            screen.put(entry.label, row: row, column: left, maxColumns: labelWidth, style: index == 0 ? styles.title : styles.text)
            let (filled, rest) = bar(entry.probability, width: barWidth)
            screen.put(filled, row: row, column: left + labelWidth + 1, style: style)
            screen.put(rest, row: row, column: left + labelWidth + 1 + TextLayout.columns(of: filled), style: styles.dim)
            screen.put(String(format: "%.2f", entry.probability), row: row, column: left + labelWidth + 2 + barWidth, style: styles.text)
            row += 1
        }
        let key = state.keySlice.map { "key slice \($0 + 1)" } ?? "no key slice"
        screen.put("\(key) · heatmap \(hasHeatmap ? "yes" : "none")", row: row, column: left, maxColumns: width, style: styles.dim)
        return row + 1
    }

    /// A bar of `width` cells for `p`: eighth blocks with Unicode, `#` and `.` without.
    private func bar(_ p: Double, width: Int) -> (filled: String, rest: String) {
        let clamped = min(max(p, 0), 1)
        guard unicode else {
            let n = Int((clamped * Double(width)).rounded())
            return (String(repeating: "#", count: n), String(repeating: ".", count: width - n))
        }
        let eighths = Int((clamped * Double(width * 8)).rounded())
        let full = eighths / 8, part = eighths % 8
        let partial = part == 0 ? "" : String(Character(Unicode.Scalar(0x2590 - part)!))
        let used = full + (part == 0 ? 0 : 1)
        return (String(repeating: "█", count: full) + partial, String(repeating: "░", count: width - used))
    }

    /// The decisions a reader may see: all of them, or only their own in a blind read.
    private func drawDecisions(_ record: CaseRecord, top: Int, left: Int, width: Int, bottom: Int) -> Int {
        let visible = record.reviews.filter { !settings.blindRead || $0.reviewer == settings.reader }
        let hiddenCount = record.reviews.count - visible.count
        guard !visible.isEmpty || hiddenCount > 0 else { return top - 1 }
        var row = top
        screen.put("Decisions", row: row, column: left, maxColumns: width, style: styles.accent)
        row += 1
        let superseded = Set(record.reviews.compactMap(\.draft.supersedes))
        for review in visible.suffix(4) where row < bottom - 2 {
            var text = "\(review.reviewer) \(review.draft.action.rawValue)"
            if review.draft.action == .correct, let label = review.draft.label { text += " → \(label)" }
            text += " " + String(review.createdAt.prefix(16)).replacingOccurrences(of: "T", with: " ")
            screen.put(text, row: row, column: left, maxColumns: width,
                       style: superseded.contains(review.id) ? styles.dim : styles.reviewed)
            row += 1
        }
        if hiddenCount > 0, row < bottom - 2 {
            screen.put("\(hiddenCount) by others, hidden (blind read)", row: row, column: left, maxColumns: width, style: styles.dim)
            row += 1
        }
        return row
    }

    private func drawReport(_ state: CaseViewState, top: Int, left: Int, width: Int, bottom: Int) {
        guard top < bottom - 1 else { return }
        let focused = state.focus == .report
        let heading = state.record.suggestion?.highlights.isEmpty == false ? "Report (highlighted: what drove the AI)" : "Report"
        screen.put(focused ? "Report (keys scroll it; Tab: image)" : heading, row: top, column: left, maxColumns: width,
                   style: focused ? styles.selection : styles.accent)
        let lines = Self.reportLines(state.record, width: width)
        let words = state.record.suggestion?.highlights ?? []
        for (offset, line) in lines.dropFirst(state.reportTop).prefix(bottom - top - 1).enumerated() {
            screen.put(line, row: top + 1 + offset, column: left, maxColumns: width, style: styles.text)
            for range in Self.highlights(of: words, in: line) {
                let column = left + TextLayout.columns(of: line[line.startIndex..<range.lowerBound])
                screen.put(String(line[range]), row: top + 1 + offset, column: column, maxColumns: left + width - column,
                           style: styles.highlight)
            }
        }
    }

    /// Where `words` occur in `line`, ignoring case: Latin words only as whole words (so "grown" does
    /// not light up inside "overgrown"), ideographs wherever they stand (they are words of their own).
    static func highlights(of words: [String], in line: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        for word in words where !word.isEmpty {
            var start = line.startIndex
            while let found = line.range(of: word, options: .caseInsensitive, range: start..<line.endIndex) {
                let before = found.lowerBound == line.startIndex ? nil : line[line.index(before: found.lowerBound)]
                let after = found.upperBound == line.endIndex ? nil : line[found.upperBound]
                let alphanumeric = { (c: Character?) in c.map { $0.isLetter || $0.isNumber } ?? false }
                let ideographic = word.unicodeScalars.allSatisfy { TextLayout.columns(of: $0) == 2 }
                if ideographic || (!alphanumeric(before) && !alphanumeric(after)) { ranges.append(found) }
                start = found.upperBound
            }
        }
        return ranges
    }

    private func drawDialog(_ dialog: CorrectionDialog, top: Int, left: Int, width: Int, bottom: Int) {
        var row = top
        func line(_ text: String, _ style: TextStyle, indent: Int = 0) {
            guard row < bottom else { return }
            screen.put(text, row: row, column: left + indent, maxColumns: width - indent, style: style)
            row += 1
        }
        func heading(_ text: String, _ field: CorrectionDialog.Field) {
            line(text, dialog.field == field ? styles.selection : styles.accent)
        }
        line("Correct the AI's finding", styles.title)
        heading("Right label (1-\(dialog.labels.count))", .label)
        for (index, label) in dialog.labels.enumerated() {
            let chosen = dialog.label == index
            line("\(chosen ? (unicode ? "●" : "*") : " ") \(index + 1) \(label)", chosen ? styles.success : styles.text, indent: 1)
        }
        heading("Location", .location)
        line(dialog.useLocation ? "slice \(dialog.currentSlice + 1) (Space: none)" : "none (Space: this slice)", styles.text, indent: 1)
        heading("Difficulty (1 easy - 5 hard)", .difficulty)
        line(dialog.difficulty.map { "\($0) of 5" } ?? "not given", styles.text, indent: 1)
        heading("Note", .note)
        let noteWidth = max(1, width - 1)
        let wrapped = TextLayout.wrap(dialog.note.text + (dialog.field == .note ? "_" : ""), width: noteWidth)
        for text in wrapped.suffix(max(1, bottom - row - 2)) { line(text, styles.text, indent: 1) }
        if let problem = dialog.problem { line(problem, styles.error) }
    }
}
