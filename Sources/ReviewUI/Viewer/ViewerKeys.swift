import Imaging
import TerminalScreen

/// The viewer's keys, in the order the help overlay lists them. Dispatch and help both read this table.
public let viewerKeys: [KeyBinding<ViewerAction>] = [
    KeyBinding(pairs: [(.character("k"), .step(-1)), (.character("j"), .step(1))], "previous / next slice"),
    KeyBinding(pairs: [(.up, .arrow(.up)), (.down, .arrow(.down))], "previous / next slice; pan when zoomed"),
    KeyBinding(pairs: [(.left, .arrow(.left)), (.right, .arrow(.right))], "pan left / right when zoomed"),
    KeyBinding(pairs: [(.shiftUp, .pan(.up)), (.shiftDown, .pan(.down)), (.shiftLeft, .pan(.left)),
                       (.shiftRight, .pan(.right))], "pan, zoomed or not"),
    KeyBinding(pairs: [(.pageUp, .step(-ViewerState.pageSize)), (.pageDown, .step(ViewerState.pageSize))],
               "\(ViewerState.pageSize) slices back / forward"),
    KeyBinding(pairs: [(.home, .first), (.end, .last)], "first / last slice"),
    KeyBinding(pairs: WindowPresets.standard.names.indices.map { (.character(Character(String($0 + 1))), .preset($0)) },
               "window: " + WindowPresets.standard.names.joined(separator: " ")),
    KeyBinding(pairs: [(.character("w"), .scaleWidth(1 / 1.25)), (.character("W"), .scaleWidth(1.25))], "narrower / wider window"),
    KeyBinding(pairs: [(.character("l"), .shiftLevel(-1)), (.character("L"), .shiftLevel(1))], "lower / higher level"),
    KeyBinding(pairs: [(.character("+"), .zoomIn), (.character("="), .zoomIn), (.character("-"), .zoomOut)], "zoom in / out"),
    KeyBinding([.character("o")], .toggleOverlay, "overlay on / off"),
    KeyBinding(pairs: [(.character("["), .changeOpacity(-0.1)), (.character("]"), .changeOpacity(0.1))], "overlay opacity down / up"),
    KeyBinding([.character("?")], .toggleHelp, "this help (any key closes it)"),
    KeyBinding([.character("q")], .quit, "quit"),
]

/// The one-line reminder at the bottom of the screen, shortest first so that a narrow terminal keeps the
/// most important keys.
public let viewerKeyBar = "q quit  ? help  j/k slice  1-6 window  +/- zoom  w/W l/L window/level  o overlay"
