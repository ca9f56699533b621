import TerminalScreen
import Testing

/// Key names as users write them in `[keys]`.
@Suite("Key names")
struct KeyNameTests {
    static let everyKey: [Key] = [
        .character("a"), .character("?"), .character("["), .character("1"), .character(" "), .character("Z"),
        .up, .down, .left, .right, .shiftUp, .shiftDown, .shiftLeft, .shiftRight,
        .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backspace,
    ]

    @Test func everyHelpLabelReadsBackAsItsKey() {
        for key in Self.everyKey {
            #expect(Key(name: key.label(unicode: false)) == key, "\(key.label(unicode: false))")
        }
    }

    @Test(arguments: [
        ("a", .character("a")), ("A", .character("A")), ("?", .character("?")), ("é", .character("é")),
        ("up", .up), ("DOWN", .down), ("Shift-Up", .shiftUp), ("s-left", .shiftLeft), ("SHIFT-RIGHT", .shiftRight),
        ("PageUp", .pageUp), ("pgdn", .pageDown), ("Return", .enter), ("escape", .escape), ("ESC", .escape),
        ("space", .character(" ")), ("Home", .home), ("end", .end), ("TAB", .tab), ("backspace", .backspace),
    ] as [(String, Key)])
    func readsNamesInAnyCase(name: String, key: Key) {
        #expect(Key(name: name) == key)
    }

    @Test(arguments: ["", "ab", "resize", "Shift-Home", "S-a", "Ctrl-C", "F1", "Up "])
    func refusesWhatIsNotAKey(name: String) {
        #expect(Key(name: name) == nil)
    }
}
