import Foundation
import TerminalScreen

/// The review dialog of a correction: the right label (number keys), the location (the slice on screen
/// when the dialog opened, or none), a difficulty from 1 to 5, and a free note. Plain data with its own
/// reducer; Enter hands back a finished correction, Esc drops it.
public struct CorrectionDialog: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case label, location, difficulty, note
    }

    public let labels: [String]
    public var label: Int?
    /// The slice the location points at when `useLocation` is on.
    public let currentSlice: Int
    public var useLocation = true
    public var difficulty: Int?
    public var note = LineEditor(limit: 1000)
    public var field = Field.label
    /// Why Enter did not save, shown in the dialog.
    public var problem: String?

    /// No label is preselected: the AI's label is the one being corrected, and any other default
    /// would be a guess the reviewer might not notice.
    public init(labels: [String], currentSlice: Int) {
        self.labels = labels
        self.currentSlice = currentSlice
    }

    public struct Correction: Equatable, Sendable {
        public var label: String
        public var locationSlice: Int?
        public var difficulty: Int?
        public var note: String?
    }

    public enum Outcome: Equatable, Sendable {
        case redraw, none, cancel
        case save(Correction)
    }

    public mutating func handle(_ key: Key) -> Outcome {
        problem = nil
        switch key {
        case .escape: return .cancel
        case .enter: return finish()
        case .tab, .down: return move(1)
        case .up: return move(-1)
        default: break
        }
        if field == .note {
            return note.handle(key) == .edited ? .redraw : .none
        }
        switch (field, key) {
        case let (.label, .character(c)):
            guard let n = c.wholeNumberValue, (1...labels.count).contains(n) else { return .none }
            label = n - 1
        case (.label, .left): label = max(0, (label ?? 1) - 1)
        case (.label, .right): label = min(labels.count - 1, (label ?? -1) + 1)
        case (.location, .character(" ")), (.location, .left), (.location, .right), (.location, .character("s")):
            useLocation.toggle()
        case let (.difficulty, .character(c)):
            guard let n = c.wholeNumberValue, (1...5).contains(n) else { return .none }
            difficulty = n
        case (.difficulty, .left): difficulty = max(1, (difficulty ?? 2) - 1)
        case (.difficulty, .right): difficulty = min(5, (difficulty ?? 0) + 1)
        case (_, .backspace): clearField()
        default: return .none
        }
        return .redraw
    }

    private mutating func move(_ step: Int) -> Outcome {
        let all = Field.allCases
        field = all[(field.rawValue + step + all.count) % all.count]
        return .redraw
    }

    private mutating func clearField() {
        switch field {
        case .label: label = nil
        case .location: useLocation = false
        case .difficulty: difficulty = nil
        case .note: break
        }
    }

    private mutating func finish() -> Outcome {
        guard let label else {
            problem = "choose the right label first (1–\(labels.count))"
            field = .label
            return .redraw
        }
        let text = note.text.trimmingCharacters(in: .whitespaces)
        return .save(Correction(label: labels[label], locationSlice: useLocation ? currentSlice : nil,
                                difficulty: difficulty, note: text.isEmpty ? nil : text))
    }
}
