import Foundation
import Phantom

/// Temperature scaling: one number that divides every log-posterior before the softmax.
///
/// Naive Bayes multiplies the evidence of every token as if they were independent, so a report
/// of 60 tokens that all lean one way yields a posterior of 0.999999 where the truth is nearer
/// 0.8. A single temperature fitted on reports the model was not trained on fixes the scale of
/// the confidence without changing which class comes first (accuracy is unchanged).
public enum Calibration {
    /// Mean negative log-likelihood of the true classes, in nats per report, at `temperature`.
    /// `logits[i]` are the log-posteriors of report `i` in `PhantomLabel.allCases` order.
    public static func negativeLogLikelihood(logits: [[Double]], labels: [PhantomLabel], temperature: Double) -> Double {
        precondition(logits.count == labels.count && !labels.isEmpty, "one label per row of logits, at least one row")
        return nll(logits: logits, truth: labels.map(classIndex), inverseTemperature: 1 / temperature)
    }

    /// The temperature with the lowest mean NLL on (`logits`, `labels`).
    ///
    /// The NLL is convex in β = 1/T (log-sum-exp of β·z is convex and the true-class term is
    /// linear in β), so a golden-section search over β finds the global minimum. β runs from
    /// 0 (T = ∞, every class equally likely) to 4 (T = 0.25): naive Bayes is over-confident, so
    /// the optimum is expected well below β = 1, and the bracket leaves room if it is not.
    public static func fitTemperature(logits: [[Double]], labels: [PhantomLabel]) -> Double {
        precondition(logits.count == labels.count && !labels.isEmpty, "one label per row of logits, at least one row")
        let truth = labels.map(classIndex)
        let f = { (beta: Double) in nll(logits: logits, truth: truth, inverseTemperature: beta) }
        let ratio = (sqrt(5.0) - 1) / 2
        var (a, b) = (0.0, 4.0)
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = f(c), fd = f(d)
        while b - a > 1e-9 {
            if fc < fd {
                (b, d, fd) = (d, c, fc)
                c = b - ratio * (b - a)
                fc = f(c)
            } else {
                (a, c, fc) = (c, d, fd)
                d = a + ratio * (b - a)
                fd = f(d)
            }
        }
        let beta = (a + b) / 2
        return beta > 0 ? 1 / beta : .infinity
    }

    private static func classIndex(_ label: PhantomLabel) -> Int {
        PhantomLabel.allCases.firstIndex(of: label)!
    }

    private static func nll(logits: [[Double]], truth: [Int], inverseTemperature beta: Double) -> Double {
        var total = 0.0
        for (row, y) in zip(logits, truth) {
            let top = row.max()!
            let logSum = log(row.reduce(0) { $0 + exp(beta * ($1 - top)) })
            total += logSum - beta * (row[y] - top)
        }
        return total / Double(truth.count)
    }
}

/// The area under the ROC curve, computed exactly.
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
}
