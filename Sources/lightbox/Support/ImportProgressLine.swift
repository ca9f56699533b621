import CaseStore
import Foundation

/// Shows import progress on stderr: a bar redrawn in place on a terminal, plain lines in a
/// pipe or a log (where a carriage return would leave garbage).
struct ImportProgressLine {
    let interactive = isatty(STDERR_FILENO) == 1

    func show(_ progress: ImportProgress) {
        guard progress.total > 0 else { return }
        if interactive {
            let width = 30
            let filled = width * progress.done / progress.total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let end = progress.done == progress.total ? "\n" : ""
            writeErr("\r\u{1B}[K[\(bar)] \(progress.done)/\(progress.total) \(progress.phase)\(end)")
        } else if progress.done > 0 {
            writeErr("\(progress.phase) \(progress.done)/\(progress.total)\n")
        }
    }
}
