import CNcursesw
import Foundation
import TerminalGraphics

/// The facts about the terminal that live outside the pure detection table:
/// terminfo's colour count and the window size.
enum TerminalProbe {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func capabilities() -> TerminalCapabilities {
        TerminalCapabilities.detect(environment: environment, terminfoColors: terminfoColors())
    }

    /// terminfo's `colors` for $TERM, or nil when TERM is unset or unknown.
    static func terminfoColors() -> Int? {
        guard let term = environment["TERM"], !term.isEmpty else { return nil }
        let colors = lbx_terminfo_colors(term)
        return colors < 0 ? nil : Int(colors)
    }

    /// The size of the terminal on stdout, when stdout is one.
    static func windowSize() -> (cols: Int, rows: Int)? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
              size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}
