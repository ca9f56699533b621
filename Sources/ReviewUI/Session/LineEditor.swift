import TerminalScreen

/// A one-line text field (the search prompt, the correction note): printable characters are typed,
/// Backspace deletes, Enter submits, Esc cancels. Only the end of the line is edited; notes are short.
public struct LineEditor: Equatable, Sendable {
    public var text: String
    public var limit: Int

    public enum Outcome: Equatable, Sendable {
        case edited, submit, cancel, ignored
    }

    public init(text: String = "", limit: Int = 500) {
        self.text = text
        self.limit = limit
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submit
        case .escape: return .cancel
        case .backspace:
            guard !text.isEmpty else { return .ignored }
            text.removeLast()
            return .edited
        case let .character(character) where !character.isNewline && character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }):
            guard text.count < limit else { return .ignored }
            text.append(character)
            return .edited
        default:
            return .ignored
        }
    }
}
