import ArgumentParser
import Foundation
import TerminalGraphics

struct TermInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "term-info",
        abstract: "Show what Lightbox detects about this terminal.",
        discussion: "Colours come from NO_COLOR, COLORTERM and terminfo; Unicode from LC_ALL, LC_CTYPE and LANG."
    )

    func run() throws {
        let environment = TerminalProbe.environment
        let capabilities = TerminalProbe.capabilities()
        var lines: [String] = []
        for key in ["TERM", "COLORTERM", "NO_COLOR", "LC_ALL", "LC_CTYPE", "LANG"] {
            lines.append("\(key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(environment[key].map { "\"\($0)\"" } ?? "(unset)")")
        }
        lines.append("terminfo colors: \(TerminalProbe.terminfoColors().map(String.init) ?? "unknown")")
        if let size = TerminalProbe.windowSize() { lines.append("size: \(size.cols)x\(size.rows)") }
        lines.append("→ colours: \(capabilities.colorMode.rawValue), unicode: \(capabilities.unicode ? "yes" : "no"), default cells: \(capabilities.defaultGeometry.rawValue)")
        writeOut(lines.joined(separator: "\n") + "\n")
    }
}
