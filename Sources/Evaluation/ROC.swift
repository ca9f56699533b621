/// Ranking quality of one class's scores, and the operating points a clinician asks about.
public enum ROC {
    /// The probability that a random positive scores above a random negative, ties counting
    /// one half (the Mann–Whitney U statistic over n₊·n₋, with average ranks for tied scores).
    /// nil when there is no positive or no negative: the area is then undefined.
    public static func auc(scores: [Double], positives: [Bool]) -> Double? {
        precondition(scores.count == positives.count, "one score per example")
        let positiveCount = positives.filter { $0 }.count
        let negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1   // ranks are 1-based
            for k in start...end where positives[order[k]] { positiveRankSum += averageRank }
            start = end + 1
        }
        let p = Double(positiveCount), n = Double(negativeCount)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }

    /// The best sensitivity among thresholds whose specificity is at least `specificity`
    /// (e.g. 0.9: "how many of the sick does it catch when it clears 90 % of the healthy?").
    /// nil without positives or negatives.
    public static func sensitivity(atSpecificity specificity: Double, scores: [Double], positives: [Bool]) -> Double? {
        operatingPoints(scores: scores, positives: positives)?
            .filter { $0.specificity >= specificity - 1e-12 }.map(\.sensitivity).max()
    }

    /// The best specificity among thresholds whose sensitivity is at least `sensitivity`.
    public static func specificity(atSensitivity sensitivity: Double, scores: [Double], positives: [Bool]) -> Double? {
        operatingPoints(scores: scores, positives: positives)?
            .filter { $0.sensitivity >= sensitivity - 1e-12 }.map(\.specificity).max()
    }

    /// (sensitivity, specificity) for "positive when score ≥ t" at every distinct score t, and for
    /// "nothing positive".
    public static func operatingPoints(scores: [Double], positives: [Bool]) -> [(sensitivity: Double, specificity: Double)]? {
        precondition(scores.count == positives.count, "one score per example")
        let p = Double(positives.filter { $0 }.count), n = Double(positives.count) - p
        guard p > 0, n > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points: [(sensitivity: Double, specificity: Double)] = [(0, 1)]
        var truePositives = 0.0, falsePositives = 0.0, index = 0
        while index < order.count {
            let threshold = scores[order[index]]
            while index < order.count, scores[order[index]] == threshold {
                if positives[order[index]] { truePositives += 1 } else { falsePositives += 1 }
                index += 1
            }
            points.append((truePositives / p, 1 - falsePositives / n))
        }
        return points
    }
}
