import CaseStore
import Foundation

/// What the worklist's `/` prompt understands: free text searches patient ID, name and accession;
/// `field:value` words filter, so every filter the store offers is one line away without a form:
///
///     PH2051 status:pending finding:suspicious_nodule p:0..0.6 reviewer:alice date:2025-01-01..2025-06-30
public enum SearchText {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// `query` with the filters and search of `text` applied; what `text` does not mention is cleared,
    /// so the prompt always shows the whole filter. Sort and reader are kept.
    public static func apply(_ text: String, to query: WorklistQuery) throws(Problem) -> WorklistQuery {
        var result = WorklistQuery()
        (result.sort, result.descending, result.reader) = (query.sort, query.descending, query.reader)
        var words: [String] = []
        for word in text.split(separator: " ").map(String.init) {
            guard let colon = word.firstIndex(of: ":"), colon != word.startIndex else {
                words.append(word)
                continue
            }
            let field = word[..<colon].lowercased(), value = String(word[word.index(after: colon)...])
            guard !value.isEmpty else { throw Problem(description: "\(field): needs a value") }
            switch field {
            case "status":
                guard let status = WorklistQuery.StatusFilter(rawValue: value.lowercased()) else {
                    throw Problem(description: "status: is pending or reviewed, not \(value)")
                }
                result.status = status
            case "finding": result.finding = value
            case "reviewer": result.reviewer = value
            case "p", "prob", "probability": result.probability = try probabilities(value)
            case "date": result.dates = try dates(value)
            default: throw Problem(description: "unknown filter \(field): (use status: finding: reviewer: p: date:)")
            }
        }
        result.search = words.isEmpty ? nil : words.joined(separator: " ")
        return result
    }

    /// The prompt text that shows `query`'s filters, to edit them.
    public static func text(of query: WorklistQuery) -> String {
        var words: [String] = []
        if let search = query.search { words.append(search) }
        if let status = query.status { words.append("status:\(status.rawValue)") }
        if let finding = query.finding { words.append("finding:\(finding)") }
        if let reviewer = query.reviewer { words.append("reviewer:\(reviewer)") }
        if let range = query.probability { words.append("p:\(number(range.lowerBound))..\(number(range.upperBound))") }
        if let dates = query.dates { words.append("date:\(dates.lowerBound)..\(dates.upperBound)") }
        return words.joined(separator: " ")
    }

    private static func probabilities(_ value: String) throws(Problem) -> ClosedRange<Double> {
        let bounds = value.components(separatedBy: "..")
        guard bounds.count == 2, let low = Double(bounds[0]), let high = Double(bounds[1]),
              0 <= low, low <= high, high <= 1 else {
            throw Problem(description: "p: takes a range such as 0..0.6 within 0..1, not \(value)")
        }
        return low...high
    }

    /// One day (`2025-03-01`) or a range (`2025-03-01..2025-03-31`).
    private static func dates(_ value: String) throws(Problem) -> ClosedRange<String> {
        let bounds = value.components(separatedBy: "..")
        guard (1...2).contains(bounds.count), bounds.allSatisfy(isDay), bounds[0] <= bounds[bounds.count - 1] else {
            throw Problem(description: "date: takes YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, not \(value)")
        }
        return bounds[0]...bounds[bounds.count - 1]
    }

    private static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
