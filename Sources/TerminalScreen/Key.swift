/// A key press as the application sees it, independent of curses' integer codes, so that key tables and
/// reducers can be written and tested without a terminal.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    /// Shifted arrows (xterm and tmux send them; PuTTY usually does not, so never make them the only way).
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case pageUp, pageDown, home, end
    case enter, escape, tab, backspace
    /// The terminal changed size; the screen has already taken the new size.
    case resize

    /// How help screens name the key: arrows as arrows when the terminal can show them.
    public func label(unicode: Bool) -> String {
        switch self {
        case let .character(character): return character == " " ? "Space" : String(character)
        case .up: return unicode ? "↑" : "Up"
        case .down: return unicode ? "↓" : "Down"
        case .left: return unicode ? "←" : "Left"
        case .right: return unicode ? "→" : "Right"
        case .shiftUp: return unicode ? "S-↑" : "S-Up"
        case .shiftDown: return unicode ? "S-↓" : "S-Down"
        case .shiftLeft: return unicode ? "S-←" : "S-Left"
        case .shiftRight: return unicode ? "S-→" : "S-Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backspace: return "Backspace"
        case .resize: return "resize"
        }
    }
}
