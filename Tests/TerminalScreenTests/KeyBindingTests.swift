import TerminalScreen
import Testing

/// The key table feeds dispatch, help, the key bar and rebinding, so all four are checked on one small table.
@Suite("Key bindings")
struct KeyBindingTests {
    enum Action: Sendable, Equatable { case previous, next, quit }

    static let table: [KeyBinding<Action>] = [
        KeyBinding([KeyCommand("previous", [.character("k")], .previous), KeyCommand("next", [.character("j")], .next)],
                   "previous / next"),
        KeyBinding("previous_arrow", [.up], .previous, "previous"),
        KeyBinding("quit", [.character("q"), .escape], .quit, "quit"),
    ]

    @Test func eachKeyFindsItsOwnAction() {
        #expect(Self.table.action(for: .character("k")) == .previous)
        #expect(Self.table.action(for: .character("j")) == .next)
        #expect(Self.table.action(for: .up) == .previous)
        #expect(Self.table.action(for: .escape) == .quit)
        #expect(Self.table.action(for: .character("x")) == nil)
    }

    @Test func helpLinesAlignTheDescriptions() {
        #expect(Self.table.helpLines(unicode: true) == ["k j    previous / next", "↑      previous", "q/Esc  quit"])
    }

    @Test func withoutUnicodeTheHelpIsASCII() {
        let lines = Self.table.helpLines(unicode: false)
        #expect(lines[1] == "Up     previous")
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        let every: [Key] = [.up, .down, .left, .right, .shiftUp, .shiftDown, .shiftLeft, .shiftRight, .pageUp, .pageDown,
                            .home, .end, .enter, .escape, .tab, .backspace, .character(" ")]
        #expect(every.allSatisfy { $0.label(unicode: false).unicodeScalars.allSatisfy { $0.isASCII } })
    }

    @Test func reboundKeysDispatchAndShowInHelpAndKeyBar() throws {
        let table = try Self.table.rebound(["next": [.character("n"), .down], "unrelated": [.character("z")]])
        #expect(table.action(for: .character("n")) == .next)
        #expect(table.action(for: .down) == .next)
        #expect(table.action(for: .character("j")) == nil)
        #expect(table.helpLines(unicode: false)[0] == "k n/Down  previous / next")
        #expect(table.keyHints([(["next", "previous"], "move"), (["quit"], "quit"), (["missing"], "x")], unicode: false)
                == "n/k move  q quit")
    }

    @Test func aKeyBoundTwiceIsRefusedWithBothNames() {
        #expect(throws: KeyTableError.conflict(key: "q", first: "next", second: "quit")) {
            try Self.table.rebound(["next": [.character("q")]])
        }
    }
}
