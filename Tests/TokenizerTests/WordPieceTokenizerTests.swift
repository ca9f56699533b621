import Foundation
import Testing
@testable import Tokenizer

/// A small hand-written vocabulary: whole English words, a word split into a start and "##"
/// continuations, numbers and units, Chinese ideographs and full-width punctuation.
private let handVocabulary = try! Vocabulary(tokens: SpecialToken.allCases.map(\.text) + [
    "nodule", "nod", "##ule", "##s", "in", "the", "right", "upper", "lobe", "müller", "mm", "8", "##mm", "1", "##2",
    ".", ",", "-", "左", "肺", "下", "叶", "结", "节", "见", "约", "，", "。", "（", "）", "：",
])
private let tokenizer = WordPieceTokenizer(vocabulary: handVocabulary)

/// The tokens of `text` between `[CLS]` and `[SEP]`.
private func tokens(_ text: String, with tokenizer: WordPieceTokenizer = tokenizer) -> [String] {
    tokenizer.pieces(of: text).map(\.token)
}

/// How the tests normalise a stretch of original text, independently of the tokenizer's
/// per-character route: the whole stretch lower-cased, then NFC, without the format characters
/// (soft hyphen) that the tokenizer ignores.
private func normalised(_ text: Substring.UnicodeScalarView) -> [Unicode.Scalar] {
    String(String.UnicodeScalarView(text)).lowercased().precomposedStringWithCanonicalMapping
        .unicodeScalars.filter { $0.properties.generalCategory != .format }
}

@Suite struct WordPieceSplittingTests {
    @Test func englishWordsSplitIntoLongestPiecesFirst() {
        #expect(tokens("Nodules in the RIGHT upper lobe.")
            == ["nodule", "##s", "in", "the", "right", "upper", "lobe", "."])
        // "nod" starts "nodes", but "##es" and "##e" are missing: the whole word is unknown.
        #expect(tokens("nodes, nodule") == ["[UNK]", ",", "nodule"])
        #expect(tokens("Pneumothorax in-the lobe") == ["[UNK]", "in", "-", "the", "lobe"])
        #expect(tokens("12mm 8 mm") == ["1", "##2", "##mm", "8", "mm"])
    }

    @Test func chineseIsOneTokenPerIdeographWithPunctuationApart() {
        #expect(tokens("左肺下叶结节（约8mm），见。")
            == ["左", "肺", "下", "叶", "结", "节", "（", "约", "8", "##mm", "）", "，", "见", "。"])
        // An ideograph outside the vocabulary is unknown on its own, without taking its neighbours.
        #expect(tokens("右肺结节") == ["[UNK]", "肺", "结", "节"])
    }

    @Test func mixedChineseAndEnglish() {
        #expect(tokens("左肺下叶结节 8 mm nodule.") == ["左", "肺", "下", "叶", "结", "节", "8", "mm", "nodule", "."])
        #expect(tokens("结节nodule：8mm") == ["结", "节", "nodule", "：", "8", "##mm"])
    }

    @Test func latinIsLowerCasedAndComposed() {
        let decomposed = "Mu\u{308}ller"
        let precomposed = "M\u{FC}ller"
        #expect(decomposed.unicodeScalars.count == precomposed.unicodeScalars.count + 1)
        let ids = tokenizer.encode(precomposed, maxLength: 8).ids
        #expect(ids == [2, handVocabulary.id(of: "müller")!, 3])
        #expect(tokenizer.encode(decomposed, maxLength: 8).ids == ids)
        #expect(tokenizer.encode("MU\u{308}LLER", maxLength: 8).ids == ids)
        #expect(tokenizer.encode("M\u{DC}LLER", maxLength: 8).ids == ids)
    }

    @Test func invisibleCharactersNeitherSplitNorShow() {
        #expect(tokens("nod\u{AD}ule\u{200B} in\tthe\u{3000}lobe\r\n") == ["nodule", "in", "the", "lobe"])
    }

    @Test func specialTokensCannotComeFromText() {
        let encoding = tokenizer.encode("[CLS] nodule [SEP] [PAD]", maxLength: 32)
        #expect(encoding.tokens == ["[CLS]", "[UNK]", "[UNK]", "[UNK]", "nodule", "[UNK]", "[UNK]", "[UNK]",
                                    "[UNK]", "[UNK]", "[UNK]", "[SEP]"])
        #expect(encoding.ids.filter { $0 == SpecialToken.classifier.id }.count == 1)
    }

    @Test func overlongWordsAreUnknownWhole() {
        let short = WordPieceTokenizer(vocabulary: handVocabulary, maxCharactersPerWord: 6)
        #expect(tokens("nodule nodules", with: short) == ["nodule", "[UNK]"])
        #expect(short.pieces(of: "a nodules").last?.offsets == 2..<9)
        #expect(tokens("nodule nodules") == ["nodule", "nodule", "##s"])
    }
}

@Suite struct EncodingOffsetTests {
    /// Texts whose every character the trained vocabulary knows, with decomposed accents,
    /// full-width punctuation, a soft hyphen, CRLF and a capital whose lower case is longer.
    static let texts = [
        "Nodule in the RIGHT upper lobe, 8mm; previously 6 mm (2021).",
        "左肺下叶见一结节影，大小约8mm×6mm（较前增大）；建议：随访。",
        "左肺下叶结节 8 mm nodule. Mu\u{308}LLER’s sign: ne\u{301}gative — stable.",
        "CAFE\u{301} İstanbul\r\nnod\u{AD}ule：ＣＴ示 Ångström Å",
    ]

    /// Small enough that words come out as a mix of whole words and pieces of several characters.
    static let trained: WordPieceTokenizer = {
        var builder = VocabularyBuilder(targetSize: 120, minimumFrequency: 1)
        for text in texts { builder.add(text) }
        return WordPieceTokenizer(vocabulary: builder.build())
    }()

    @Test(arguments: texts) func everyPieceIsTheNormalisedOriginal(text: String) throws {
        let encoding = Self.trained.encode(text, maxLength: 512)
        #expect(!encoding.tokens.contains("[UNK]"))
        #expect(encoding.offsets.first! == nil && encoding.offsets.last! == nil)
        var previousEnd = 0
        for (token, offsets) in zip(encoding.tokens, encoding.offsets).dropFirst().dropLast() {
            let offsets = try #require(offsets)
            #expect(offsets.lowerBound >= previousEnd, "pieces are in reading order and do not overlap")
            previousEnd = offsets.upperBound
            let scalars = text.unicodeScalars
            let original = scalars[scalars.index(scalars.startIndex, offsetBy: offsets.lowerBound)
                ..< scalars.index(scalars.startIndex, offsetBy: offsets.upperBound)]
            let piece = token.hasPrefix("##") ? String(token.dropFirst(2)) : token
            #expect(normalised(original) == Array(piece.unicodeScalars),
                    "\(token) at \(offsets)")
        }
    }

    @Test func aPieceSpansTheOriginalCharactersItWasNormalisedFrom() {
        // "E" + combining acute is two scalars of the original and one of the piece.
        let pieces = Self.trained.pieces(of: "CAFE\u{301} Ne\u{301}GATIVE")
        #expect(pieces.map(\.token) == ["café", "n", "##éga", "##t", "##i", "##v", "##e"])
        #expect(pieces.map(\.offsets) == [0..<5, 6..<7, 7..<11, 11..<12, 12..<13, 13..<14, 14..<15])
    }

    @Test func offsetsCountUnicodeScalarsOfTheOriginal() {
        let text = "Mu\u{308}ller 左肺，nodules"
        let encoding = tokenizer.encode(text, maxLength: 16)
        #expect(encoding.tokens == ["[CLS]", "müller", "左", "肺", "，", "nodule", "##s", "[SEP]"])
        #expect(encoding.offsets == [nil, 0..<7, 8..<9, 9..<10, 10..<11, 11..<17, 17..<18, nil])
        let highlighted = encoding.ranges(in: text).map { $0.map { Array(text.unicodeScalars[$0]) } }
        #expect(highlighted[1] == Array("Mu\u{308}ller".unicodeScalars))
        #expect(highlighted[5] == Array("nodule".unicodeScalars))
        #expect(highlighted[0] == nil)
    }

    @Test func anUnknownWordCoversTheWholeWord() {
        let text = "the Pneumothorax."
        let encoding = tokenizer.encode(text, maxLength: 8)
        #expect(encoding.tokens == ["[CLS]", "the", "[UNK]", ".", "[SEP]"])
        #expect(encoding.ranges(in: text)[2].map { String(text[$0]) } == "Pneumothorax")
    }

    @Test func ignoredCharactersInsideAWordAreCoveredAtItsEdgesNot() {
        let text = "\u{AD}nod\u{AD}ule\u{AD} "
        #expect(tokenizer.pieces(of: text).map(\.offsets) == [1..<8])
    }
}

@Suite struct TruncationAndPaddingTests {
    let text = "Nodules in the right upper lobe."  // 8 pieces

    @Test func shortTextIsNotPaddedUnlessAsked() {
        let encoding = tokenizer.encode(text, maxLength: 16)
        #expect(encoding.ids.count == 10)
        #expect(encoding.attentionMask == Array(repeating: 1, count: 10))
        #expect(encoding.truncatedPieceCount == 0)
    }

    @Test func paddingFillsToTheLengthAndIsMaskedOut() {
        let encoding = tokenizer.encode(text, maxLength: 13, padToMaxLength: true)
        #expect(encoding.tokens.suffix(4) == ["[SEP]", "[PAD]", "[PAD]", "[PAD]"])
        #expect(encoding.ids.suffix(3) == [0, 0, 0])
        #expect(encoding.attentionMask == Array(repeating: 1, count: 10) + [0, 0, 0])
        #expect(encoding.offsets.suffix(3) == [nil, nil, nil])
        #expect(encoding.ids.count == 13 && encoding.tokens.count == 13 && encoding.offsets.count == 13)
    }

    @Test func truncationKeepsTheBeginningAndTheSeparator() {
        let encoding = tokenizer.encode(text, maxLength: 5, padToMaxLength: true)
        #expect(encoding.tokens == ["[CLS]", "nodule", "##s", "in", "[SEP]"])
        #expect(encoding.truncatedPieceCount == 5)
        #expect(encoding.attentionMask == [1, 1, 1, 1, 1])
        #expect(tokenizer.encode(text, maxLength: 10).truncatedPieceCount == 0)
        #expect(tokenizer.encode(text, maxLength: 9).truncatedPieceCount == 1)
        #expect(tokenizer.encode(text, maxLength: 2).tokens == ["[CLS]", "[SEP]"])
    }

    @Test func emptyTextIsJustTheMarkers() {
        #expect(tokenizer.encode(" \n", maxLength: 4, padToMaxLength: true).ids == [2, 3, 0, 0])
    }
}
