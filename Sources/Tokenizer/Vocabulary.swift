import Foundation

/// The tokens that never come from text and have the same ids in every vocabulary, so that a model
/// can rely on them (padding is id 0, which an all-zeros buffer already holds).
public enum SpecialToken: Int32, CaseIterable, Sendable {
    /// Fills an encoding up to its fixed length; masked out of attention. Id 0.
    case padding = 0
    /// Stands for a word that cannot be spelt with the vocabulary's pieces. Id 1.
    case unknown = 1
    /// Starts every encoding; its output summarises the whole text for classification. Id 2.
    case classifier = 2
    /// Ends every encoding (after truncation, so a model always sees where the text stops). Id 3.
    case separator = 3

    /// The id this token has in every vocabulary.
    public var id: Int32 { rawValue }

    /// How the token is written in `vocab.txt` and in `Encoding.tokens`. The brackets cannot come
    /// from text as part of a word (they are punctuation, split off by the pre-tokeniser), so report
    /// text that contains "[CLS]" is never mistaken for the token.
    public var text: String {
        switch self {
        case .padding: "[PAD]"
        case .unknown: "[UNK]"
        case .classifier: "[CLS]"
        case .separator: "[SEP]"
        }
    }
}

/// The pieces a tokenizer may produce, each with its id (its position in the list).
///
/// The first tokens are the special tokens in the order of their ids. A piece that starts a word is
/// written as is ("nod"); a piece that continues a word carries the prefix "##" ("##ule"). Tokens
/// are normalised text, as the pre-tokeniser produces it: lower case, NFC.
///
/// On disk a vocabulary is `vocab.txt`: UTF-8, one token per line in id order, each line ended by
/// a line feed. That is the format BERT's tools read, a diff shows what a retraining changed, and
/// it is stored next to the model's weights, whose embedding rows it numbers.
public struct Vocabulary: Sendable, Equatable {
    /// The tokens in id order.
    public let tokens: [String]
    private let ids: [String: Int32]

    /// The file name the model directory uses for a vocabulary.
    public static let fileName = "vocab.txt"
    /// What marks a piece that continues a word.
    public static let continuationPrefix = "##"

    /// A vocabulary of `tokens` in id order, which must start with the special tokens.
    ///
    /// - Throws: `VocabularyError` with `line` the 1-based position of the offending token (the
    ///   line it would have in `vocab.txt`) and no file.
    public init(tokens: [String]) throws {
        try self.init(validating: tokens, file: nil)
    }

    /// Reads a `vocab.txt` file.
    ///
    /// - Throws: the file system's error if the file cannot be read, else `VocabularyError` naming
    ///   the file's path and line.
    public init(contentsOf url: URL) throws {
        try self.init(fileContents: Data(contentsOf: url), file: url.path)
    }

    /// Parses the contents of a `vocab.txt` file; `file` names it in errors.
    public init(fileContents data: Data, file: String) throws {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let tokens = try lines.enumerated().map { index, bytes in
            guard let token = String(validating: bytes, as: UTF8.self) else {
                throw VocabularyError(file: file, line: index + 1, problem: .invalidUTF8)
            }
            return token
        }
        try self.init(validating: tokens, file: file)
    }

    private init(validating tokens: [String], file: String?) throws {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {
            func problem(_ problem: VocabularyError.Problem) -> VocabularyError {
                VocabularyError(file: file, line: index + 1, problem: problem)
            }
            if token.isEmpty { throw problem(.emptyLine) }
            if token.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
                throw problem(.whitespaceInToken(token))
            }
            if let special = SpecialToken(rawValue: Int32(index)), token != special.text {
                throw problem(.missingSpecialToken(expected: special.text, found: token))
            }
            if let first = ids[token] { throw problem(.duplicateToken(token, firstLine: Int(first) + 1)) }
            ids[token] = Int32(index)
        }
        if tokens.count < SpecialToken.allCases.count {
            let expected = SpecialToken.allCases[tokens.count].text
            throw VocabularyError(file: file, line: tokens.count + 1, problem: .missingSpecialToken(expected: expected, found: nil))
        }
        self.tokens = tokens
        self.ids = ids
    }

    /// The number of tokens, specials included: the number of embedding rows a model needs.
    public var count: Int { tokens.count }

    /// The id of `token` ("##" included for a continuation), or nil if it is not in the vocabulary.
    public func id(of token: String) -> Int32? { ids[token] }

    /// The token with id `id`, or nil if the id is out of range.
    public func token(for id: Int32) -> String? {
        tokens.indices.contains(Int(id)) ? tokens[Int(id)] : nil
    }

    /// The `vocab.txt` bytes: the tokens in id order, each followed by a line feed.
    public func fileContents() -> Data {
        Data(tokens.map { $0 + "\n" }.joined().utf8)
    }

    /// Writes `vocab.txt` to `url` atomically, so a model directory never holds half a vocabulary.
    public func write(to url: URL) throws {
        try fileContents().write(to: url, options: .atomic)
    }
}
