import Foundation

/// Temperature scaling: one number that divides every logit before the softmax.
///
/// Models are over-confident in different ways (naive Bayes multiplies the evidence of every token as
/// if they were independent; a network trained to zero loss pushes its logits apart), and a single
/// temperature fitted on examples the model was not trained on fixes the scale of the confidence
/// without changing which class comes first (accuracy is unchanged).
public enum Calibration {
    /// Mean negative log-likelihood of the true classes (`truth[i]` indexes `logits[i]`), in nats, at `temperature`.
    public static func negativeLogLikelihood(logits: [[Double]], truth: [Int], temperature: Double) -> Double {
        precondition(logits.count == truth.count && !truth.isEmpty, "one label per row of logits, at least one row")
        return nll(logits: logits, truth: truth, inverseTemperature: 1 / temperature)
    }

    /// The temperature with the lowest mean NLL on (`logits`, `truth`).
    ///
    /// The NLL is convex in β = 1/T (log-sum-exp of β·z is convex and the true-class term is
    /// linear in β), so a golden-section search over β finds the global minimum. β runs from
    /// 0 (T = ∞, every class equally likely) to 4 (T = 0.25): over-confident models have their
    /// optimum below β = 1, and the bracket leaves room if it is not.
    public static func fitTemperature(logits: [[Double]], truth: [Int]) -> Double {
        precondition(logits.count == truth.count && !truth.isEmpty, "one label per row of logits, at least one row")
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

    /// Expected calibration error of the top class: examples binned by their top probability
    /// (`bins` equal-width bins), the gap between mean confidence and accuracy in each bin,
    /// weighted by the bin's share of examples.
    public static func expectedCalibrationError(probabilities: [[Double]], truth: [Int], bins: Int = 15) -> Double {
        precondition(probabilities.count == truth.count && !truth.isEmpty && bins > 0, "one label per row, at least one row")
        var confidence = [Double](repeating: 0, count: bins), correct = [Double](repeating: 0, count: bins)
        var count = [Int](repeating: 0, count: bins)
        for (row, y) in zip(probabilities, truth) {
            let top = row.indices.max { row[$0] < row[$1] }!
            let bin = min(bins - 1, Int(row[top] * Double(bins)))
            confidence[bin] += row[top]
            correct[bin] += top == y ? 1 : 0
            count[bin] += 1
        }
        let total = Double(truth.count)
        return (0..<bins).reduce(0) { sum, b in
            count[b] == 0 ? sum : sum + abs(confidence[b] - correct[b]) / total
        }
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
