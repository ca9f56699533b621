import ArgumentParser
import CaseStore
import Configuration
import Foundation
import ReviewUI
import TerminalGraphics
import TerminalScreen
import Viewing

/// The options of the review screens, shared by `lightbox review` and `lightbox demo`. Each falls back
/// to config.toml, then to what is detected or the default.
struct ReviewOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A theme: \(Theme.builtinNames.joined(separator: ", ")), one in ~/.config/lightbox/themes, or a .toml path.",
                               valueName: "name|path"))
    var theme: String?

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
    /// conventional exit status once the terminal is restored. `suggestions` computes one for a case
    /// opened without any.
    func run(store: CaseStore, suggestions: SuggestionWorker?) throws {
        let config = try UserConfig.load()
        let theme = try loadTheme(config)
        let keys = try reviewKeys(config)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure("the review screens need a terminal on stdin and stdout (for scripts use import, export and audit)",
                                 .usage)
        }
        var settings = ReviewSettings(reader: store.actor, role: try store.actorRole())
        settings.autoAdvance = autoAdvance ?? config.autoAdvance ?? true
        settings.blindRead = blindRead ?? config.blindRead ?? false
        settings.privacy = privacy || config.privacy == true
        settings.overlayColorMap = theme.overlayColorMap
        if let opacity = config.overlayOpacity { settings.overlayOpacity = opacity }
        let labels = try store.knownLabels()
        let geometry = cells?.geometry ?? config.cellGeometry
        let screenOptions = TerminalScreen.Options(colorMode: colors?.mode ?? config.colorMode, unicode: geometry.map { $0 != .ascii })
        let signal: Int32?
        do {
            signal = try TerminalScreen.run(options: screenOptions, environment: TerminalProbe.environment) { screen in
                let capabilities = screen.capabilities
                let renderer = SliceRenderer(geometry: capabilities.unicode ? geometry ?? capabilities.defaultGeometry : .ascii,
                                             colorMode: capabilities.colorMode)
                var session = ReviewSession(store: store, settings: settings, keys: keys,
                                            styles: Styles(theme: theme, colorMode: capabilities.colorMode),
                                            renderer: renderer, labels: labels, suggestions: suggestions)
                return session.run(on: screen)
            }
        } catch let error as TerminalScreenError {
            throw CommandFailure(error.description)
        }
        if let signal { throw ExitCode(128 + signal) }
    }

    private func loadTheme(_ config: LightboxConfig) throws -> Theme {
        let environment = TerminalProbe.environment
        let searchPaths = [LightboxConfig.userThemesFolder(environment: environment)].compactMap { $0 }
        do throws(ConfigurationError) {
            return try Theme.load(nameOrPath: theme ?? config.theme ?? "dark", searchPaths: searchPaths)
        } catch {
            throw CommandFailure(error.description, .config)
        }
    }

    /// The standard key tables with `[keys]` from config.toml applied; a wrong name or a clash is
    /// reported at its line in the file.
    private func reviewKeys(_ config: LightboxConfig) throws -> ReviewKeys {
        var overrides: [String: [Key]] = [:]
        for (action, names) in config.keys {
            overrides[action] = try names.map { name in
                guard let key = Key(name: name) else {
                    throw CommandFailure(config.keysError(action: action, message: "\"\(name)\" is not a key name").description, .config)
                }
                return key
            }
        }
        do throws(KeyTableError) {
            return try ReviewKeys.standard.rebound(overrides)
        } catch {
            let action = switch error {
            case let .unknownCommand(name): name
            case let .conflict(_, first, second): config.keyLines[first] != nil ? first : second
            }
            throw CommandFailure(config.keysError(action: action, message: error.description).description, .config)
        }
    }
}
