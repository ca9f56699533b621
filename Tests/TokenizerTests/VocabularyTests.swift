import Foundation
import Testing
import Tokenizer

private let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]

/// A fresh folder under the system's temporary directory, removed by the caller.
private func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("TokenizerTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// The error of parsing `bytes` as a vocabulary file named "vocab.txt".
private func error(parsing bytes: [UInt8]) -> VocabularyError? {
    do {
        _ = try Vocabulary(fileContents: Data(bytes), file: "vocab.txt")
        return nil
    } catch {
        return error as? VocabularyError
    }
}

private func error(parsing text: String) -> VocabularyError? {
    error(parsing: Array(text.utf8))
}

@Suite struct VocabularyTests {
    @Test func specialTokensHaveFixedIds() throws {
        let vocabulary = try Vocabulary(tokens: specials + ["nodule", "##s"])
        #expect(SpecialToken.allCases.map { vocabulary.id(of: $0.text) } == [0, 1, 2, 3])
        #expect(SpecialToken.allCases.map(\.id) == [0, 1, 2, 3])
        #expect(vocabulary.id(of: "##s") == 5)
        #expect(vocabulary.id(of: "s") == nil)
        #expect(vocabulary.token(for: 4) == "nodule")
        #expect(vocabulary.token(for: 6) == nil && vocabulary.token(for: -1) == nil)
        #expect(vocabulary.count == 6)
    }

    @Test func savesOneTokenPerLineAndLoadsBack() throws {
        let vocabulary = try Vocabulary(tokens: specials + ["nodule", "##s", "müller", "结", "，"])
        #expect(String(decoding: vocabulary.fileContents(), as: UTF8.self)
            == "[PAD]\n[UNK]\n[CLS]\n[SEP]\nnodule\n##s\nmüller\n结\n，\n")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(Vocabulary.fileName)
        try vocabulary.write(to: file)
        #expect(try Vocabulary(contentsOf: file) == vocabulary)
        #expect(try Data(contentsOf: file) == vocabulary.fileContents())
    }

    @Test func aMissingFinalLineFeedIsAccepted() throws {
        let vocabulary = try Vocabulary(fileContents: Data("[PAD]\n[UNK]\n[CLS]\n[SEP]\nlobe".utf8), file: "vocab.txt")
        #expect(vocabulary.tokens.last == "lobe")
    }

    @Test func duplicatesNameBothLines() {
        let found = error(parsing: "[PAD]\n[UNK]\n[CLS]\n[SEP]\nlobe\n##s\nlobe\n")
        #expect(found == VocabularyError(file: "vocab.txt", line: 7, problem: .duplicateToken("lobe", firstLine: 5)))
        #expect(found?.description == "vocab.txt:7: duplicate token \"lobe\", first on line 5")
    }

    @Test func emptyLinesAreRejected() {
        #expect(error(parsing: "[PAD]\n[UNK]\n[CLS]\n[SEP]\nlobe\n\n##s\n")
            == VocabularyError(file: "vocab.txt", line: 6, problem: .emptyLine))
        #expect(error(parsing: "[PAD]\n[UNK]\n[CLS]\n[SEP]\nlobe\n\n")?.line == 6)
        #expect(error(parsing: "\n[PAD]\n[UNK]\n[CLS]\n[SEP]\n")?.problem == .emptyLine)
    }

    @Test func specialsMustComeFirstInOrder() {
        let swapped = error(parsing: "[PAD]\n[CLS]\n[UNK]\n[SEP]\n")
        #expect(swapped == VocabularyError(file: "vocab.txt", line: 2,
                                           problem: .missingSpecialToken(expected: "[UNK]", found: "[CLS]")))
        #expect(swapped?.description == "vocab.txt:2: expected the special token [UNK], found \"[CLS]\"")
        #expect(error(parsing: "[PAD]\n[UNK]\n[CLS]\n")
            == VocabularyError(file: "vocab.txt", line: 4, problem: .missingSpecialToken(expected: "[SEP]", found: nil)))
        #expect(error(parsing: "") == VocabularyError(file: "vocab.txt", line: 1,
                                                      problem: .missingSpecialToken(expected: "[PAD]", found: nil)))
        #expect(error(parsing: "lobe\n[PAD]\n[UNK]\n[CLS]\n[SEP]\n")?.line == 1)
    }

    @Test func invalidUTF8IsRejectedAtItsLine() {
        let bytes = Array("[PAD]\n[UNK]\n[CLS]\n[SEP]\nlobe\n".utf8) + [0x6E, 0xC3, 0x28, 0x0A] + Array("##s\n".utf8)
        let found = error(parsing: bytes)
        #expect(found == VocabularyError(file: "vocab.txt", line: 6, problem: .invalidUTF8))
        #expect(found?.description == "vocab.txt:6: not valid UTF-8")
    }

    @Test func whitespaceInsideTokensIsRejected() {
        #expect(error(parsing: "[PAD]\n[UNK]\n[CLS]\n[SEP]\nupper lobe\n")?.problem == .whitespaceInToken("upper lobe"))
        // A file saved with CRLF line ends would otherwise load with "\r" in every token.
        #expect(error(parsing: "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n")
            == VocabularyError(file: "vocab.txt", line: 1, problem: .whitespaceInToken("[PAD]\r")))
    }

    @Test func aTokenListNamesPositions() {
        #expect(throws: VocabularyError(file: nil, line: 6, problem: .duplicateToken("a", firstLine: 5))) {
            try Vocabulary(tokens: specials + ["a", "a"])
        }
        let tooShort = #expect(throws: VocabularyError.self) { try Vocabulary(tokens: ["[PAD]"]) }
        #expect(tooShort?.description == "token 2: expected the special token [UNK], found the end of the vocabulary")
    }

    @Test func aMissingFileIsTheFileSystemsError() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).txt")
        #expect(throws: (any Error).self) { try Vocabulary(contentsOf: missing) }
    }
}
