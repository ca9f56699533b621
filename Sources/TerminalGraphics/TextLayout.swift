import Foundation

/// Text as a terminal lays it out: East Asian wide characters take two
/// columns, combining marks none. Reports mix Latin and CJK text, and a line
/// measured in characters would overflow or leave ragged gaps.
public enum TextLayout {
    /// Columns a scalar occupies (the wcwidth rules for the ranges reports use).
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    public static func columns(of text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + columns(of: $1) }
    }

    /// `text` for a terminal whose locale is not UTF-8: typographic punctuation
    /// becomes its ASCII look-alike, accented Latin letters lose their accents
    /// (Müller → Muller), and anything else becomes "?", so nothing prints as garbage.
    public static func asciiFallback(_ text: String) -> String {
        var out = ""
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else if (0x300...0x36F).contains(scalar.value) {
                continue  // a combining accent, already decomposed off its letter
            } else {
                out += asciiLookAlikes[scalar.value] ?? "?"
            }
        }
        return out
    }

    private static let asciiLookAlikes: [UInt32: String] = [
        0x2013: "-", 0x2014: "-", 0x2212: "-", 0x2018: "'", 0x2019: "'", 0x201C: "\"", 0x201D: "\"",
        0x2026: "...", 0x00D7: "x", 0x00B7: ".", 0x2022: "*", 0x00A0: " ", 0x00DF: "ss", 0x00F8: "o",
        0x00D8: "O", 0x00E6: "ae", 0x00C6: "AE", 0x0142: "l", 0x0141: "L", 0x0131: "i", 0x2190: "<",
        0x2192: ">", 0x2191: "^", 0x2193: "v", 0x2264: "<=", 0x2265: ">=",
    ]

    /// Breaks `text` into lines of at most `width` columns: at spaces where
    /// there are any, anywhere between CJK characters (which have no spaces),
    /// and inside a word only when the word alone is wider than a line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        precondition(width > 0, "a line must be at least one column wide")
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            for token in tokens(of: paragraph) {
                let tokenWidth = columns(of: token)
                let isSpace = token == " "
                if lineWidth + tokenWidth > width, lineWidth > 0 {
                    lines.append(line.trailingSpacesRemoved)
                    line = ""
                    lineWidth = 0
                    if isSpace { continue }
                }
                if tokenWidth > width {
                    // A word wider than a line: hard-break it by columns.
                    for character in token {
                        let w = columns(of: String(character))
                        if lineWidth + w > width { lines.append(line); line = ""; lineWidth = 0 }
                        line.append(character)
                        lineWidth += w
                    }
                } else {
                    line += token
                    lineWidth += tokenWidth
                }
            }
            lines.append(line.trailingSpacesRemoved)
        }
        return lines
    }

    /// Words, single spaces, and single wide characters (each a break point).
    private static func tokens(of text: Substring) -> [String] {
        var tokens: [String] = []
        var word = ""
        for character in text {
            let wide = character.unicodeScalars.first.map { columns(of: $0) == 2 } ?? false
            if character == " " || wide {
                if !word.isEmpty { tokens.append(word); word = "" }
                tokens.append(String(character))
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
