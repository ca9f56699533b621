import Testing
import TerminalGraphics

struct TextLayoutTests {
    @Test func columns_wideCJKAndCombiningMarks() {
        #expect(TextLayout.columns(of: "abc") == 3)
        #expect(TextLayout.columns(of: "王小明") == 6)
        #expect(TextLayout.columns(of: "e\u{301}") == 1)
        #expect(TextLayout.columns(of: "肺，右上") == 8)
    }

    @Test func wrap_atSpacesWithinWidth() {
        let lines = TextLayout.wrap("the quick brown fox jumps over the lazy dog", width: 10)
        #expect(lines == ["the quick", "brown fox", "jumps over", "the lazy", "dog"])
        #expect(lines.allSatisfy { TextLayout.columns(of: $0) <= 10 })
    }

    @Test func wrap_chineseBreaksBetweenCharactersByColumns() {
        let lines = TextLayout.wrap("右肺上叶见一结节，边缘不规则。", width: 9)
        #expect(lines.allSatisfy { TextLayout.columns(of: $0) <= 9 })
        #expect(lines.joined() == "右肺上叶见一结节，边缘不规则。")
        #expect(lines[0] == "右肺上叶")
    }

    @Test func wrap_keepsParagraphsAndHardBreaksLongWords() {
        #expect(TextLayout.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }
}

struct ASCIIFallbackTests {
    @Test func asciiFallback_keepsMeaningWithoutUnicode() {
        #expect(TextLayout.asciiFallback("SYNTHETIC DEMO — not for clinical use") == "SYNTHETIC DEMO - not for clinical use")
        #expect(TextLayout.asciiFallback("Müller^Jürgen, García, Jørgensen") == "Muller^Jurgen, Garcia, Jorgensen")
        #expect(TextLayout.asciiFallback("王^小明 …") == "?^?? ...")
        #expect(TextLayout.asciiFallback("王^小明 …").unicodeScalars.allSatisfy { $0.isASCII })
    }
}
