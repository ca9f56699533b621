import Foundation

/// A progress line on stderr: a bar redrawn in place on a terminal, a plain line every few seconds in a
/// pipe or a log (where a carriage return would leave garbage).
final class ProgressBar {
    private let interactive = isatty(STDERR_FILENO) == 1
    private var lastLine = Date.distantPast

    func show(fraction: Double, text: String) {
        if interactive {
            let width = 24, filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded(.down))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            writeErr("\r\u{1B}[K[\(bar)] \(text)")
        } else if Date().timeIntervalSince(lastLine) >= 5 {
            lastLine = Date()
            writeErr("\(text)\n")
        }
    }

    func finish() {
        if interactive { writeErr("\n") }
    }

    /// "1h02m", "4m10s", "35s".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, s % 3600 / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }
}
