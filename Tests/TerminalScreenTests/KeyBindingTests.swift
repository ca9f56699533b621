import TerminalScreen
import Testing

/// The key table feeds both dispatch and help, so both are checked on one small table.
@Suite("Key bindings")
struct KeyBindingTests {
    enum Action: Sendable, Equatable { case previous, next, quit }

    static let table: [KeyBinding<Action>] = [
        KeyBinding(pairs: [(.character("k"), .previous), (.character("j"), .next)], "previous / next"),
        KeyBinding([.up], .previous, "previous"),
        KeyBinding([.character("q"), .escape], .quit, "quit"),
    ]

    @Test func eachKeyFindsItsOwnAction() {
        #expect(Self.table.action(for: .character("k")) == .previous)
        #expect(Self.table.action(for: .character("j")) == .next)
        #expect(Self.table.action(for: .up) == .previous)
        #expect(Self.table.action(for: .escape) == .quit)
        #expect(Self.table.action(for: .character("x")) == nil)
    }

    @Test func helpLinesAlignTheDescriptions() {
        #expect(Self.table.helpLines(unicode: true) == ["k j    previous / next", "↑      previous", "q Esc  quit"])
    }

    @Test func withoutUnicodeTheHelpIsASCII() {
        let lines = Self.table.helpLines(unicode: false)
        #expect(lines[1] == "Up     previous")
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        let every: [Key] = [.up, .down, .left, .right, .shiftUp, .shiftDown, .shiftLeft, .shiftRight, .pageUp, .pageDown,
                            .home, .end, .enter, .escape, .tab, .backspace, .character(" ")]
        #expect(every.allSatisfy { $0.label(unicode: false).unicodeScalars.allSatisfy { $0.isASCII } })
    }
}
