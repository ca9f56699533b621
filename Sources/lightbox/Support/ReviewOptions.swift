import ArgumentParser
import CaseStore
import Foundation
import ReviewUI
import TerminalGraphics
import TerminalScreen
import Viewing

/// The options of the review screens, shared by `lightbox review` and `lightbox demo`.
struct ReviewOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colours (default: detected from COLORTERM, terminfo and NO_COLOR).",
                               valueName: ColorsArgument.allValueStrings.joined(separator: "|")))
    var colors: ColorsArgument?

    @Option(help: ArgumentHelp("Cell geometry of the image pane (default: half blocks, ASCII without UTF-8).",
                               valueName: CellsArgument.allValueStrings.joined(separator: "|")))
    var cells: CellsArgument?

    @Flag(inversion: .prefixedNo, help: "Open the next pending case after each decision (default: on).")
    var autoAdvance: Bool?

    @Flag(inversion: .prefixedNo, help: "Hide other reviewers' decisions, for independent double reading (default: off).")
    var blindRead: Bool?

    @Flag(help: "Start in privacy mode: names and IDs hidden on screen (P toggles it).")
    var privacy = false

    /// Runs the review screens on `store` until the reader quits; a quit signal becomes the
    /// conventional exit status once the terminal is restored.
    func run(store: CaseStore) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure("the review screens need a terminal on stdin and stdout (for scripts use import, export and audit)",
                                 .usage)
        }
        var settings = ReviewSettings(reader: store.actor, role: try store.actorRole())
        settings.autoAdvance = autoAdvance ?? true
        settings.blindRead = blindRead ?? false
        settings.privacy = privacy
        let labels = try store.knownLabels()
        let screenOptions = TerminalScreen.Options(colorMode: colors?.mode, unicode: cells.map { $0.geometry != .ascii })
        let signal: Int32?
        do {
            signal = try TerminalScreen.run(options: screenOptions, environment: TerminalProbe.environment) { screen in
                let capabilities = screen.capabilities
                let geometry = capabilities.unicode ? cells?.geometry ?? capabilities.defaultGeometry : .ascii
                var session = ReviewSession(store: store, settings: settings,
                                            renderer: SliceRenderer(geometry: geometry, colorMode: capabilities.colorMode),
                                            labels: labels)
                return session.run(on: screen)
            }
        } catch let error as TerminalScreenError {
            throw CommandFailure(error.description)
        }
        if let signal { throw ExitCode(128 + signal) }
    }
}
