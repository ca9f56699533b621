/// A text as a model reads it: `[CLS]`, the pieces, `[SEP]`, then `[PAD]` up to the length asked
/// for. The arrays are parallel, one element per token.
public struct Encoding: Sendable, Equatable {
    /// Vocabulary ids, the model's input.
    public var ids: [Int32]
    /// The tokens as written in the vocabulary ("nod", "##ule", "[UNK]"), for people and tests.
    public var tokens: [String]
    /// Where each token came from in the original, un-normalised text, in Unicode scalars
    /// (`text.unicodeScalars`, the same numbers as Python's string indices); nil for `[CLS]`, `[SEP]`
    /// and `[PAD]`. A piece covers whole characters of the original, however normalisation changed
    /// them, and an `[UNK]` covers its whole word; `ranges(in:)` turns them into string indices.
    ///
    /// Scalars rather than `String.Index` because an encoding outlives the string it came from (it
    /// is stored next to the model's outputs and shown against the report later), and rather than
    /// UTF-8 or UTF-16 because they do not depend on how the report is stored.
    public var offsets: [Range<Int>?]
    /// 1 for a token the model should attend to, 0 for padding.
    public var attentionMask: [Int32]
    /// How many pieces of the text did not fit into the length asked for and were left out: a
    /// reviewer should know when a suggestion was made from part of a report.
    public var truncatedPieceCount: Int

    /// `offsets` as ranges of `text`, which must be the text that was encoded (nil where it is not
    /// long enough). One pass over the text, however many tokens there are.
    public func ranges(in text: String) -> [Range<String.Index>?] {
        let indices = Array(text.unicodeScalars.indices) + [text.endIndex]
        return offsets.map { offset in
            offset.flatMap { $0.upperBound < indices.count ? indices[$0.lowerBound]..<indices[$0.upperBound] : nil }
        }
    }
}
