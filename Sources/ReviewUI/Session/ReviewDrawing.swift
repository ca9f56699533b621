import Foundation
import TerminalGraphics
import TerminalScreen

/// Parts both review screens draw the same way.
struct ReviewDrawing {
    let screen: TerminalScreen
    let styles: Styles

    static let syntheticMarker = "SYNTHETIC DEMO — not for clinical use"

    /// What privacy mode shows instead of a patient: the store's case number, which means nothing outside it.
    static func pseudonym(_ caseID: Int64) -> String { "case #\(caseID)" }

    /// The message at the right end of the status row; when the row is short it covers the status
    /// text, which the reader can still see after the next key.
    func putMessage(_ message: StatusMessage, row: Int, after text: String, cols: Int) {
        let style = switch message.kind {
        case .info: styles.bar
        case .success: styles.success
        case .error: styles.error
        }
        let width = TextLayout.columns(of: message.text) + 2
        let column = min(TextLayout.columns(of: text) + 1, max(0, cols - width))
        screen.put(" " + message.text + " ", row: row, column: max(0, column), style: style)
    }

    func drawEnlarge(_ layout: some ScreenLayout) {
        for (index, line) in TextLayout.wrap(layout.enlargeMessage, width: max(1, layout.cols)).enumerated() {
            screen.put(line, row: index, column: 0, style: styles.title)
        }
    }

    /// A key table in a box in the middle of the screen, in two columns when one does not fit the height;
    /// the caller repaints when it closes.
    func drawHelp(title: String, lines: [String], cols: Int, rows: Int) {
        let fitting = max(1, rows - 3)
        let columns = lines.count > fitting ? [Array(lines.prefix((lines.count + 1) / 2)), Array(lines.dropFirst((lines.count + 1) / 2))]
            : [lines]
        let widths = columns.map { $0.map { TextLayout.columns(of: $0) }.max() ?? 0 }
        let inner = max(TextLayout.columns(of: title), widths.reduce(0, +) + 3 * (columns.count - 1))
        let width = min(cols, inner + 4)
        let height = min(rows, (columns.map(\.count).max() ?? 0) + 3)
        let top = (rows - height) / 2, left = (cols - width) / 2
        screen.box(top: top, left: left, rows: height, cols: width, style: styles.border)
        screen.put(title, row: top + 1, column: left + 2, maxColumns: width - 4, style: styles.title)
        var x = left + 2
        for (column, lines) in columns.enumerated() {
            for (index, line) in lines.prefix(height - 3).enumerated() {
                screen.put(line, row: top + 2 + index, column: x, maxColumns: max(0, left + width - 2 - x), style: styles.text)
            }
            x += widths[column] + 3
        }
    }
}

extension ReviewDrawing {
    /// A DICOM person name (`Family^Given^Middle^Prefix^Suffix`) as people write it: "Family, Given Middle",
    /// or family and given name run together for names written in ideographs (刘^浩然 → 刘浩然).
    static func personName(_ dicom: String) -> String {
        let parts = dicom.split(separator: "^", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1 else { return dicom }
        let given = parts.dropFirst().prefix(2).filter { !$0.isEmpty }.joined(separator: " ")
        if given.isEmpty { return parts[0] }
        let ideographic = parts[0].unicodeScalars.first.map { TextLayout.columns(of: $0) == 2 } ?? false
        return ideographic ? parts[0] + given : parts[0] + ", " + given
    }
}
