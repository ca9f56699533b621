/// Splits report text into the tokens the baseline counts.
///
/// The rules are deliberately plain, because this is a baseline and its features should be easy
/// to explain to a reader of the model card:
/// - a run of letters (Latin, Greek, …) is one token, lower-cased, and so is a run of digits:
///   "Nodule, 12 mm." → `nodule`, `12`, `mm`; everything else (spaces, punctuation, `-`, `/`, `°`)
///   separates tokens, and so does a change between letters and digits, so that "约12mm" in a
///   Chinese report gives the same `12` and `mm` as "12 mm" in an English one;
/// - each CJK ideograph is a token of its own, since Chinese does not separate words and a
///   dictionary segmenter would be one more thing to trust: "右肺结节" → `右`, `肺`, `结`, `节`.
///
/// Word bigrams (two consecutive tokens joined by a space) are added by `features`: they carry
/// what single tokens lose, such as "has grown" against "been stable", or 结节 (nodule) against
/// 结 and 节 apart. They help on held-out phantom reports: with the demo recipe (600 training,
/// 400 test reports) accuracy 77.8 % against 72.8 %, macro AUC 0.941 against 0.931, calibrated
/// NLL 0.72 against 0.82 nats with unigrams alone.
public enum ReportTokenizer {
    /// The unigram tokens of `text` in reading order.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = String.UnicodeScalarView()
        var wordIsDigits = false
        func flush() {
            if !word.isEmpty { tokens.append(String(word).lowercased()); word = String.UnicodeScalarView() }
        }
        for scalar in text.unicodeScalars {
            if isIdeograph(scalar) {
                flush()
                tokens.append(String(scalar))
            } else if let isDigit = kind(scalar) {
                if isDigit != wordIsDigits { flush() }
                wordIsDigits = isDigit
                word.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// The tokens, then (with `bigrams`) each pair of consecutive tokens as `"a b"`.
    public static func features(_ text: String, bigrams: Bool = true) -> [String] {
        let unigrams = tokens(text)
        guard bigrams, unigrams.count > 1 else { return unigrams }
        return unigrams + zip(unigrams, unigrams.dropFirst()).map { $0 + " " + $1 }
    }

    /// Han ideographs (the unified blocks and their extensions, and the compatibility block).
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isIdeographic && scalar.properties.generalCategory == .otherLetter
    }

    /// false for a letter, true for a decimal digit, nil for a separator.
    static func kind(_ scalar: Unicode.Scalar) -> Bool? {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: false
        case .decimalNumber: true
        default: nil
        }
    }
}
