/// Turns report text, English or Chinese, into the ids a model reads, remembering where every
/// token came from so that the review screens can highlight it in the report.
///
/// The text is normalised and cut into words by `PreTokenizer` (lower case, NFC; whitespace,
/// punctuation and symbols separate words; each CJK ideograph is a word). Each word is then spelt
/// with the vocabulary's pieces, greedily: the longest piece that starts the word, then the longest
/// "##" piece that continues it, and so on ("nodules" → "nodule", "##s"). A word that cannot be spelt
/// that way, or that is longer than `maxCharactersPerWord`, becomes one `[UNK]`, as in BERT: a
/// half-spelt word would look like a different word to the model.
public struct WordPieceTokenizer: Sendable {
    /// One token of the text, before `[CLS]`, `[SEP]`, truncation and padding.
    public struct Piece: Sendable, Equatable {
        public var id: Int32
        /// As written in the vocabulary ("##ule", "[UNK]").
        public var token: String
        /// Where the piece came from in the original text, in Unicode scalars (see `Encoding.offsets`).
        public var offsets: Range<Int>
    }

    public let vocabulary: Vocabulary
    /// Words longer than this many characters become `[UNK]` without being spelt: spelling costs the
    /// square of the length, and such a "word" is a pasted identifier or garbage, not language.
    public let maxCharactersPerWord: Int
    /// Pieces that start a word, by text.
    private let starts: [Substring: Int32]
    /// Pieces that continue a word, by text without the "##".
    private let continuations: [Substring: Int32]

    /// The default of `maxCharactersPerWord`, BERT's: far above any word of a report.
    public static let defaultMaxCharactersPerWord = 100

    public init(vocabulary: Vocabulary, maxCharactersPerWord: Int = defaultMaxCharactersPerWord) {
        self.vocabulary = vocabulary
        self.maxCharactersPerWord = maxCharactersPerWord
        var starts: [Substring: Int32] = [:]
        var continuations: [Substring: Int32] = [:]
        for (id, token) in vocabulary.tokens.enumerated().dropFirst(SpecialToken.allCases.count) {
            if token.hasPrefix(Vocabulary.continuationPrefix) {
                continuations[token.dropFirst(Vocabulary.continuationPrefix.count)] = Int32(id)
            } else {
                starts[token[...]] = Int32(id)
            }
        }
        self.starts = starts
        self.continuations = continuations
    }

    /// The pieces of `text` in reading order.
    public func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        for word in PreTokenizer.words(in: text) {
            spell(word, into: &pieces)
        }
        return pieces
    }

    /// `[CLS]`, the pieces of `text` that fit, `[SEP]`; then, with `padToMaxLength`, `[PAD]` up to
    /// `maxLength` tokens. Truncation keeps the beginning, where a report states the history and the
    /// question, and always keeps `[SEP]`.
    ///
    /// - Parameter maxLength: the most tokens the encoding may have, `[CLS]` and `[SEP]` included
    ///   (at least 2).
    public func encode(_ text: String, maxLength: Int, padToMaxLength: Bool = false) -> Encoding {
        precondition(maxLength >= 2, "an encoding holds at least [CLS] and [SEP]")
        let pieces = pieces(of: text)
        let kept = pieces.prefix(maxLength - 2)
        var encoding = Encoding(ids: [], tokens: [], offsets: [], attentionMask: [],
                                truncatedPieceCount: pieces.count - kept.count)
        func append(_ id: Int32, _ token: String, _ offsets: Range<Int>?, attended: Bool) {
            encoding.ids.append(id)
            encoding.tokens.append(token)
            encoding.offsets.append(offsets)
            encoding.attentionMask.append(attended ? 1 : 0)
        }
        append(SpecialToken.classifier.id, SpecialToken.classifier.text, nil, attended: true)
        for piece in kept {
            append(piece.id, piece.token, piece.offsets, attended: true)
        }
        append(SpecialToken.separator.id, SpecialToken.separator.text, nil, attended: true)
        if padToMaxLength {
            while encoding.ids.count < maxLength {
                append(SpecialToken.padding.id, SpecialToken.padding.text, nil, attended: false)
            }
        }
        return encoding
    }

    /// Appends the pieces of one word: greedy longest match, or one `[UNK]` for the whole word.
    private func spell(_ word: PreToken, into pieces: inout [Piece]) {
        let atomCount = word.atoms.count
        let unknown = Piece(id: SpecialToken.unknown.id, token: SpecialToken.unknown.text,
                            offsets: word.origin(of: 0..<atomCount))
        guard atomCount <= maxCharactersPerWord else { return pieces.append(unknown) }
        // Candidates are slices of the joined word between atom boundaries, looked up without
        // building a string for each.
        let scalars = word.atoms.joined().unicodeScalars
        var bounds = [scalars.startIndex]
        for atom in word.atoms {
            bounds.append(scalars.index(bounds[bounds.count - 1], offsetBy: atom.unicodeScalars.count))
        }
        var spelt: [Piece] = []
        var start = 0
        while start < atomCount {
            let table = start == 0 ? starts : continuations
            let longest = (start + 1...atomCount).reversed().lazy
                .compactMap { end in table[Substring(scalars[bounds[start]..<bounds[end]])].map { (end: end, id: $0) } }
                .first
            guard let longest else { return pieces.append(unknown) }
            spelt.append(Piece(id: longest.id, token: vocabulary.tokens[Int(longest.id)],
                               offsets: word.origin(of: start..<longest.end)))
            start = longest.end
        }
        pieces += spelt
    }
}
