extension Key {
    /// The key a user names in `config.toml`'s `[keys]`: a single character ("a", "?", "["), or a name in
    /// any case — Up Down Left Right, S-Up or Shift-Up (and the other arrows), PgUp/PageUp, PgDn/PageDown,
    /// Home, End, Enter/Return, Esc/Escape, Tab, Backspace, Space. Every ASCII `label(unicode: false)` reads
    /// back as its key, so the names in the `?` help are names the settings file accepts.
    ///
    /// nil for anything else, including `resize`, which is an event rather than a key.
    public init?(name: String) {
        if name.count == 1, let character = name.first {
            self = .character(character)
            return
        }
        let lowered = name.lowercased()
        for shiftPrefix in ["s-", "shift-"] where lowered.hasPrefix(shiftPrefix) {
            guard let arrow = Self.shiftedArrows[String(lowered.dropFirst(shiftPrefix.count))] else { return nil }
            self = arrow
            return
        }
        guard let key = Self.namedKeys[lowered] else { return nil }
        self = key
    }

    private static let namedKeys: [String: Key] = [
        "up": .up, "down": .down, "left": .left, "right": .right,
        "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "home": .home, "end": .end, "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape,
        "tab": .tab, "backspace": .backspace, "space": .character(" "),
    ]

    private static let shiftedArrows: [String: Key] = [
        "up": .shiftUp, "down": .shiftDown, "left": .shiftLeft, "right": .shiftRight,
    ]
}
