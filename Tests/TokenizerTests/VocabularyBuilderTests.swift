import Testing
import Tokenizer

private let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]

private func build(_ texts: [String], targetSize: Int, minimumFrequency: Int = 2) -> Vocabulary {
    var builder = VocabularyBuilder(targetSize: targetSize, minimumFrequency: minimumFrequency)
    for text in texts { builder.add(text) }
    return builder.build()
}

/// Report-like sentences in both languages, with sizes varied so that numbers recur in pieces.
private let reports: [String] = (0..<40).map { index in
    let size = 4 + index % 9
    return [
        "A solid nodule in the right upper lobe, \(size) mm.",
        "The nodule in the left lower lobe has grown to \(size + 2) mm since \(2015 + index % 7).",
        index % 3 == 0 ? "No pleural effusion. No new nodule." : "Ground-glass opacity in the right lower lobe.",
        "右肺上叶见一实性结节，约\(size)mm。",
        index % 2 == 0 ? "左肺下叶结节较前增大。" : "双肺未见新发结节，无胸腔积液。",
    ].joined(separator: " ")
}

@Suite struct VocabularyBuilderTests {
    @Test func mergesFollowTheLikelihoodScoreWithTiesInStringOrder() {
        // Counts: a 10, ##b 10, ##c 5, d 5, x 2, ##y 2. Scores count(pair) / (count(first) × count(second)):
        // x ##y 2/4 = 0.5 beats a ##c = d ##b = 5/50 although it is the rarest pair (merging by count
        // alone would take a pair of 5 first). Then a ##c before d ##b (a < d); then a ##b and d ##b
        // are both 5/50, a first; then d ##b 5/25. "zq" occurs once, below the minimum frequency.
        let corpus = ["xy ab ab ac ac db db", "xy ab ab ab ac ac ac db db db zq"]
        let alphabet = ["a", "b", "c", "d", "x", "y", "q", "z"]
        let characters = alphabet + alphabet.map { "##" + $0 }
        #expect(build(corpus, targetSize: 100).tokens == specials + characters + ["xy", "ac", "ab", "db"])
        #expect(build(corpus, targetSize: 22).tokens == specials + characters + ["xy", "ac"])
        #expect(build(corpus, targetSize: 100, minimumFrequency: 1).tokens.suffix(5) == ["zq", "xy", "ac", "ab", "db"])
    }

    @Test func frequentWordsBecomeSingleTokens() {
        let vocabulary = build(reports, targetSize: 400)
        let tokenizer = WordPieceTokenizer(vocabulary: vocabulary)
        for word in ["nodule", "lobe", "right", "mm"] {
            #expect(tokenizer.pieces(of: word).map(\.token) == [word])
        }
        #expect(tokenizer.pieces(of: "Nodules").map(\.token) == ["nodule", "##s"])
        #expect(tokenizer.pieces(of: "结节").map(\.token) == ["结", "节"])
        #expect(!vocabulary.tokens.contains("##结") && !vocabulary.tokens.contains("##，"))
        for report in reports {
            #expect(!tokenizer.pieces(of: report).map(\.token).contains("[UNK]"))
        }
    }

    @Test func theVocabularyGrowsByMergesToTheTargetSize() {
        // The specials and the 91 characters take 95 places; the rest are merges.
        #expect(build(reports, targetSize: 0).count == 95)
        let small = build(reports, targetSize: 120)
        let large = build(reports, targetSize: 180)
        #expect(small.count == 120 && large.count == 180)
        #expect(large.tokens.prefix(120) == small.tokens[...])
    }

    @Test func everyCharacterIsKeptWhateverTheTarget() {
        let vocabulary = build(reports + ["Xanthoma 瘤"], targetSize: 0)
        #expect(vocabulary.tokens.contains("x") && vocabulary.tokens.contains("##x"))
        #expect(vocabulary.tokens.contains("瘤") && vocabulary.tokens.contains("，"))
        #expect(!vocabulary.tokens.contains("nodule"))
        let tokenizer = WordPieceTokenizer(vocabulary: vocabulary)
        #expect(tokenizer.pieces(of: "lobe").map(\.token) == ["l", "##o", "##b", "##e"])
    }

    @Test func theSameCorpusGivesTheSameBytesInAnyOrder() {
        let forward = build(reports, targetSize: 300).fileContents()
        #expect(build(reports.reversed(), targetSize: 300).fileContents() == forward)
        var shuffled = reports
        var generator = SplitMix(seed: 42)
        shuffled.shuffle(using: &generator)
        #expect(shuffled != reports)
        #expect(build(shuffled, targetSize: 300).fileContents() == forward)
    }
}

/// A seeded generator, so the shuffled order is the same on every run.
private struct SplitMix: RandomNumberGenerator {
    var seed: UInt64
    mutating func next() -> UInt64 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
