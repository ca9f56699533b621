import Imaging
import TerminalScreen

/// The viewer's keys, in the order the help overlay lists them. Dispatch and help both read this table;
/// the case view uses the same commands (and names) for its image pane.
public let viewerKeys: [KeyBinding<ViewerAction>] = [
    KeyBinding([KeyCommand("previous_slice", [.character("k")], .step(-1)),
                KeyCommand("next_slice", [.character("j")], .step(1))], "previous / next slice"),
    KeyBinding([KeyCommand("up", [.up], .arrow(.up)), KeyCommand("down", [.down], .arrow(.down)),
                KeyCommand("left", [.left], .arrow(.left)), KeyCommand("right", [.right], .arrow(.right))],
               "slices; pan when zoomed"),
    KeyBinding([KeyCommand("pan_up", [.shiftUp], .pan(.up)), KeyCommand("pan_down", [.shiftDown], .pan(.down)),
                KeyCommand("pan_left", [.shiftLeft], .pan(.left)), KeyCommand("pan_right", [.shiftRight], .pan(.right))],
               "pan, zoomed or not"),
    KeyBinding([KeyCommand("back_10_slices", [.pageUp], .step(-ViewerState.pageSize)),
                KeyCommand("forward_10_slices", [.pageDown], .step(ViewerState.pageSize))],
               "\(ViewerState.pageSize) slices back / forward"),
    KeyBinding([KeyCommand("first_slice", [.home], .first), KeyCommand("last_slice", [.end], .last)], "first / last slice"),
    KeyBinding(WindowPresets.standard.names.indices.map {
        KeyCommand("window_\(WindowPresets.standard.names[$0])", [.character(Character(String($0 + 1)))], .preset($0))
    }, "window: " + WindowPresets.standard.names.joined(separator: " ")),
    KeyBinding([KeyCommand("narrower_window", [.character("w")], .scaleWidth(1 / 1.25)),
                KeyCommand("wider_window", [.character("W")], .scaleWidth(1.25)),
                KeyCommand("lower_level", [.character("l")], .shiftLevel(-1)),
                KeyCommand("higher_level", [.character("L")], .shiftLevel(1))], "window narrower / wider, level down / up"),
    KeyBinding([KeyCommand("zoom_in", [.character("+"), .character("=")], .zoomIn),
                KeyCommand("zoom_out", [.character("-")], .zoomOut)], "zoom in / out"),
    KeyBinding([KeyCommand("overlay", [.character("o")], .toggleOverlay),
                KeyCommand("less_opacity", [.character("[")], .changeOpacity(-0.1)),
                KeyCommand("more_opacity", [.character("]")], .changeOpacity(0.1))], "heatmap overlay on / off, opacity down / up"),
    KeyBinding("help", [.character("?")], .toggleHelp, "this help (any key closes it)"),
    KeyBinding("quit", [.character("q")], .quit, "quit"),
]

/// The one-line reminder at the bottom of the screen, shortest first so that a narrow terminal keeps the
/// most important keys.
public let viewerKeyBar = "q quit  ? help  j/k slice  1-6 window  +/- zoom  w/W l/L window/level  o overlay"
