/// Why a vocabulary was rejected, worded like a compiler message (`vocab.txt:7: duplicate token
/// "##ule", first on line 5`) so that whoever edited or truncated the file can go to the line.
/// Every problem is an error: a vocabulary that loads with shifted ids would feed a model the wrong
/// embedding rows without any sign of it.
public struct VocabularyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What can be wrong with one line.
    public enum Problem: Equatable, Sendable {
        /// The line's bytes are not UTF-8.
        case invalidUTF8
        /// The line is empty; no token is the empty string, and a blank line would shift every
        /// later id.
        case emptyLine
        /// The token is already on an earlier line.
        case duplicateToken(String, firstLine: Int)
        /// The line should hold a special token (they come first, in id order) but holds `found`,
        /// or the vocabulary ends there (`found` nil).
        case missingSpecialToken(expected: String, found: String?)
        /// The token contains whitespace or a control character (a carriage return from a CRLF file,
        /// for instance), which text never produces in a token.
        case whitespaceInToken(String)
    }

    /// The file as the caller named it; nil for a vocabulary built from a list of tokens.
    public var file: String?
    /// The 1-based line (or position in the token list) the problem is on.
    public var line: Int
    public var problem: Problem

    public init(file: String?, line: Int, problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let place = file.map { "\($0):\(line)" } ?? "token \(line)"
        let message = switch problem {
        case .invalidUTF8: "not valid UTF-8"
        case .emptyLine: "empty line"
        case let .duplicateToken(token, firstLine): "duplicate token \"\(token)\", first on line \(firstLine)"
        case let .missingSpecialToken(expected, found?): "expected the special token \(expected), found \"\(found)\""
        case let .missingSpecialToken(expected, nil): "expected the special token \(expected), found the end of the vocabulary"
        case let .whitespaceInToken(token): "token \(token.debugDescription) contains whitespace or a control character"
        }
        return "\(place): \(message)"
    }
}
