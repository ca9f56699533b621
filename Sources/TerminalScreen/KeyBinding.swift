import TerminalGraphics

/// One thing a key can do, under the name the config file uses to rebind it (`next_slice = ["j", "Down"]`).
public struct KeyCommand<Action: Sendable>: Sendable {
    public var name: String
    public var keys: [Key]
    public var action: Action

    public init(_ name: String, _ keys: [Key], _ action: Action) {
        self.name = name
        self.keys = keys
        self.action = action
    }
}

/// One row of a screen's key table. The same table drives dispatch and the help overlay, so the help can
/// never describe a key that does something else. A row may hold several commands ("k j: previous / next
/// slice"), which keeps the help short enough for an 80x24 terminal.
public struct KeyBinding<Action: Sendable>: Sendable {
    public var commands: [KeyCommand<Action>]
    public var description: String

    /// One command.
    public init(_ name: String, _ keys: [Key], _ action: Action, _ description: String) {
        self.init([KeyCommand(name, keys, action)], description)
    }

    /// Several commands, in the order the description names them.
    public init(_ commands: [KeyCommand<Action>], _ description: String) {
        self.commands = commands
        self.description = description
    }

    /// "k/↑ j/↓" style: each command's keys joined by "/", commands separated by spaces.
    public func keyLabel(unicode: Bool) -> String {
        commands.map { $0.keys.map { $0.label(unicode: unicode) }.joined(separator: "/") }.joined(separator: " ")
    }
}

/// A rebinding the key tables cannot take.
public enum KeyTableError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCommand(String)
    /// Two commands of one screen would share a key.
    case conflict(key: String, first: String, second: String)

    public var description: String {
        switch self {
        case let .unknownCommand(name): "unknown action \"\(name)\""
        case let .conflict(key, first, second): "\(key) would do both \(first) and \(second)"
        }
    }
}

extension Array {
    /// The action bound to `key`: the first command that lists it.
    public func action<Action>(for key: Key) -> Action? where Element == KeyBinding<Action> {
        for binding in self {
            for command in binding.commands where command.keys.contains(key) { return command.action }
        }
        return nil
    }

    /// Help lines "keys  description", the key column as wide as the widest label.
    public func helpLines<Action>(unicode: Bool) -> [String] where Element == KeyBinding<Action> {
        let labels = map { $0.keyLabel(unicode: unicode) }
        let width = labels.map { TextLayout.columns(of: $0) }.max() ?? 0
        return zip(labels, self).map { label, binding in
            label + String(repeating: " ", count: width - TextLayout.columns(of: label) + 2) + binding.description
        }
    }

    public func commandNames<Action>() -> Set<String> where Element == KeyBinding<Action> {
        Set(flatMap { $0.commands.map(\.name) })
    }

    /// The table with the named commands' keys replaced; names this table lacks are ignored (another
    /// screen's table may have them). Fails when two commands would share a key.
    public func rebound<Action>(_ keys: [String: [Key]]) throws(KeyTableError) -> [KeyBinding<Action>]
    where Element == KeyBinding<Action> {
        var table = self
        for row in table.indices {
            for index in table[row].commands.indices {
                if let replacement = keys[table[row].commands[index].name] { table[row].commands[index].keys = replacement }
            }
        }
        var owner: [Key: String] = [:]
        for command in table.flatMap(\.commands) {
            for key in command.keys {
                if let first = owner[key], first != command.name {
                    throw .conflict(key: key.label(unicode: false), first: first, second: command.name)
                }
                owner[key] = command.name
            }
        }
        return table
    }
}

extension Array {
    /// A key-bar reminder built from the table, so it follows any rebinding: each entry's commands by
    /// their first key, joined by "/", then the word ("n/p case"). Commands without keys are left out.
    public func keyHints<Action>(_ entries: [(commands: [String], word: String)], unicode: Bool) -> String
    where Element == KeyBinding<Action> {
        let all = flatMap(\.commands)
        return entries.compactMap { entry in
            let labels = entry.commands.compactMap { name in all.first { $0.name == name }?.keys.first?.label(unicode: unicode) }
            return labels.isEmpty ? nil : labels.joined(separator: "/") + " " + entry.word
        }.joined(separator: "  ")
    }
}
