import Foundation

/// One word of a report after normalisation: what WordPiece splits into pieces.
struct PreToken {
    /// The normalised form of each original character of the word, in order. Pieces are made of
    /// whole atoms, so a piece always maps back to whole characters of the original text, even where
    /// normalisation changed a character's length ("U" + combining diaeresis → "ü", "İ" → "i̇").
    var atoms: [String]
    /// Where each atom came from in the original text, in Unicode scalars (see `Encoding.offsets`).
    var origins: [Range<Int>]

    /// The original span of atoms `atomRange`, including any ignored characters between them.
    func origin(of atomRange: Range<Int>) -> Range<Int> {
        origins[atomRange.lowerBound].lowerBound..<origins[atomRange.upperBound - 1].upperBound
    }
}

/// Normalises report text and cuts it into words, keeping for each normalised character the place
/// it came from.
///
/// Normalisation works on one original character (extended grapheme cluster) at a time: it is
/// lower-cased and then put in Unicode NFC. Composition joins a character with the combining marks
/// that follow it, and those belong to its cluster, so this matches normalising the whole text,
/// except for context-dependent lower-casing (a word-final Greek capital sigma becomes σ, not ς),
/// which no report depends on. Lower-casing
/// applies to every cased script, not only Latin: Chinese has no case, and an English report's
/// "Α" (alpha) should meet the vocabulary's "α" as "CT" meets "ct".
///
/// Splitting, by the first scalar of each normalised character:
/// - whitespace (including the ideographic space U+3000) ends a word;
/// - control and format characters (soft hyphen, zero-width space, byte-order mark) are dropped
///   without ending the word, so that "nod\u{AD}ule" is still "nodule";
/// - a CJK ideograph is a word of its own, since Chinese does not separate words and a dictionary
///   segmenter would be one more thing to trust;
/// - punctuation and symbols (ASCII and Unicode, including full-width "，。：；（）、", "°", "±", "×")
///   are words of their own;
/// - everything else (letters, digits, combining marks) joins the current word, so "8mm" stays one
///   word and WordPiece decides how to split it.
enum PreTokenizer {
    /// The words of `text` in reading order.
    static func words(in text: String) -> [PreToken] {
        var words: [PreToken] = []
        var word = PreToken(atoms: [], origins: [])
        func endWord() {
            if !word.atoms.isEmpty { words.append(word) }
            word = PreToken(atoms: [], origins: [])
        }
        var offset = 0
        for character in text {
            let origin = offset..<offset + character.unicodeScalars.count
            offset = origin.upperBound
            let atom = normalised(character)
            switch role(of: atom) {
            case .separator:
                endWord()
            case .ignored:
                break
            case .standalone:
                endWord()
                words.append(PreToken(atoms: [atom], origins: [origin]))
            case .wordCharacter:
                word.atoms.append(atom)
                word.origins.append(origin)
            }
        }
        endWord()
        return words
    }

    /// `character` lower-cased and in NFC. ASCII and CJK unified ideographs, nearly all of a report,
    /// skip Foundation: neither changes under NFC.
    static func normalised(_ character: Character) -> String {
        if let ascii = character.asciiValue {
            let isUpper = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(ascii)
            return String(Unicode.Scalar(isUpper ? ascii + 0x20 : ascii))
        }
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, scalar.properties.isUnifiedIdeograph {
            return String(character)
        }
        return character.lowercased().precomposedStringWithCanonicalMapping
    }

    /// What a normalised character does to the word around it.
    enum Role {
        case separator, ignored, standalone, wordCharacter
    }

    /// The role of a normalised character, decided by its first scalar (a combining mark in the same
    /// cluster follows its base).
    static func role(of atom: String) -> Role {
        guard let scalar = atom.unicodeScalars.first else { return .ignored }
        return scalar.isASCII ? asciiRoles[Int(scalar.value)] : role(of: scalar)
    }

    /// `role(of:)` for the ASCII scalars, looked up once: Unicode property lookups would be most of
    /// the time spent on an English report.
    private static let asciiRoles = (0..<128).map { role(of: Unicode.Scalar(UInt8($0))) }

    private static func role(of scalar: Unicode.Scalar) -> Role {
        let properties = scalar.properties
        if properties.isWhitespace { return .separator }
        switch properties.generalCategory {
        case .control, .format:
            return .ignored
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return .standalone
        default:
            return isCJKIdeograph(scalar) ? .standalone : .wordCharacter
        }
    }

    /// CJK unified ideographs (the main block and every extension) and the compatibility ideographs
    /// that NFC leaves alone (most of them it maps to unified ones).
    private static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUnifiedIdeograph
            || (0xF900...0xFAFF).contains(scalar.value) || (0x2F800...0x2FA1F).contains(scalar.value)
    }
}
