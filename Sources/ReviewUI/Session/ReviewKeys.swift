import CaseStore
import TerminalScreen

/// What a worklist key asks for.
public enum WorklistCommand: Sendable, Equatable {
    case list(WorklistAction)
    case help
    case privacy
    case quit
}

/// The key tables of the review screens (DESIGN §4), each in the order its help lists it. Command
/// names are what `[keys]` in config.toml rebinds; one name rebinds it on every screen that has it.
public struct ReviewKeys: Sendable {
    public var worklist: [KeyBinding<WorklistCommand>]
    public var caseView: [KeyBinding<CaseCommand>]

    public static let standard = ReviewKeys(worklist: standardWorklist, caseView: standardCaseView)

    /// The tables with `overrides` (command name → keys) applied. Fails on a name no screen has, or
    /// when a screen would bind one key to two commands.
    public func rebound(_ overrides: [String: [Key]]) throws(KeyTableError) -> ReviewKeys {
        let known = worklist.commandNames().union(caseView.commandNames())
        if let unknown = overrides.keys.sorted().first(where: { !known.contains($0) }) { throw .unknownCommand(unknown) }
        return ReviewKeys(worklist: try worklist.rebound(overrides), caseView: try caseView.rebound(overrides))
    }

    private static let standardWorklist: [KeyBinding<WorklistCommand>] = [
        KeyBinding([KeyCommand("cursor_up", [.up, .character("k")], .list(.move(-1))),
                    KeyCommand("cursor_down", [.down, .character("j")], .list(.move(1)))], "previous / next case"),
        KeyBinding([KeyCommand("page_up", [.pageUp], .list(.page(-1))), KeyCommand("page_down", [.pageDown], .list(.page(1)))],
                   "a screen up / down"),
        KeyBinding([KeyCommand("first", [.home, .character("g")], .list(.first)),
                    KeyCommand("last", [.end, .character("G")], .list(.last))], "first / last case"),
        KeyBinding("open", [.enter], .list(.open), "open the case"),
        KeyBinding("search", [.character("/")], .list(.search), "search and filter (status: finding: p: reviewer: date:)"),
        KeyBinding([KeyCommand("sort", [.character("s")], .list(.cycleSort)),
                    KeyCommand("reverse_sort", [.character("S")], .list(.reverseSort))], "next sort column / reverse order"),
        KeyBinding([KeyCommand("filter_status", [.character("f")], .list(.cycleStatus)),
                    KeyCommand("filter_finding", [.character("F")], .list(.cycleFinding))], "filter by status / by AI finding"),
        KeyBinding("filter_uncertain", [.character("u")], .list(.toggleUncertain), "only uncertain suggestions"),
        KeyBinding("clear_filters", [.character("x")], .list(.clearFilters), "clear filters and search"),
        KeyBinding("refresh", [.character("R")], .list(.refresh), "reload (see others' decisions)"),
        KeyBinding("privacy", [.character("P")], .privacy, "privacy mode: hide names and IDs"),
        KeyBinding("help", [.character("?")], .help, "this help (any key closes it)"),
        KeyBinding("quit", [.character("q")], .quit, "quit"),
    ]

    private static let standardCaseView: [KeyBinding<CaseCommand>] = [
        KeyBinding("accept", [.character("a")], .decide(.accept), "accept the AI's finding"),
        KeyBinding("reject", [.character("r")], .decide(.reject), "reject it (wrong, nothing to label)"),
        KeyBinding("correct", [.character("c")], .decide(.correct), "correct it: label, location, difficulty, note"),
        KeyBinding([KeyCommand("next_case", [.character("n")], .nextCase),
                    KeyCommand("previous_case", [.character("p")], .previousCase)], "next / previous case in the worklist"),
        KeyBinding("key_slice", [.character("g")], .keySlice, "go to the AI's key slice"),
        KeyBinding("switch_pane", [.tab], .switchPane, "keys move the image / scroll the report"),
    ] + viewerKeys.compactMap { binding in
        let commands = binding.commands.filter { $0.action != .toggleHelp && $0.action != .quit }
            .map { KeyCommand($0.name, $0.keys, CaseCommand.image($0.action)) }
        return commands.isEmpty ? nil : KeyBinding(commands, binding.description)
    } + [
        KeyBinding("privacy", [.character("P")], .privacy, "privacy mode: hide names and IDs"),
        KeyBinding("help", [.character("?")], .help, "this help (any key closes it)"),
        KeyBinding("back", [.character("q"), .escape], .back, "back to the worklist"),
    ]
}
