import TerminalGraphics

/// One row of a screen's key table. The same table drives dispatch and the help overlay, so the help can
/// never describe a key that does something else. A row may bind each of its keys to its own action
/// ("k j: previous / next slice"), which keeps the help short enough for an 80x24 terminal.
public struct KeyBinding<Action: Sendable>: Sendable {
    public var pairs: [(key: Key, action: Action)]
    public var description: String

    /// All `keys` do `action`.
    public init(_ keys: [Key], _ action: Action, _ description: String) {
        self.init(pairs: keys.map { ($0, action) }, description)
    }

    /// Each key does its own action, in the order the description names them.
    public init(pairs: [(key: Key, action: Action)], _ description: String) {
        self.pairs = pairs
        self.description = description
    }

    public var keys: [Key] { pairs.map(\.key) }

    /// "k j" style: the keys in table order, separated by spaces.
    public func keyLabel(unicode: Bool) -> String {
        keys.map { $0.label(unicode: unicode) }.joined(separator: " ")
    }
}

extension Array {
    /// The action bound to `key`: the first binding that lists it.
    public func action<Action>(for key: Key) -> Action? where Element == KeyBinding<Action> {
        lazy.compactMap { $0.pairs.first { $0.key == key }?.action }.first
    }

    /// Help lines "keys  description", the key column as wide as the widest label.
    public func helpLines<Action>(unicode: Bool) -> [String] where Element == KeyBinding<Action> {
        let labels = map { $0.keyLabel(unicode: unicode) }
        let width = labels.map { TextLayout.columns(of: $0) }.max() ?? 0
        return zip(labels, self).map { label, binding in
            label + String(repeating: " ", count: width - TextLayout.columns(of: label) + 2) + binding.description
        }
    }
}
