import Foundation
import Phantom

/// The model's answer for one report: a probability for every class, in `PhantomLabel.allCases`
/// order, summing to 1.
public struct ClassProbabilities: Sendable, Equatable {
    /// Indexed like `PhantomLabel.allCases`.
    public let values: [Double]

    /// Softmax of `logits / temperature`, computed after subtracting the largest logit so that the
    /// log-posteriors of naive Bayes (hundreds of nats apart) neither overflow nor underflow to NaN.
    public init(logits: [Double], temperature: Double = 1) {
        precondition(logits.count == PhantomLabel.allCases.count, "one logit per class")
        precondition(temperature > 0, "the temperature must be positive")
        let top = logits.max()!
        let exps = logits.map { exp(($0 - top) / temperature) }
        let sum = exps.reduce(0, +)
        values = exps.map { $0 / sum }
    }

    public subscript(label: PhantomLabel) -> Double {
        values[PhantomLabel.allCases.firstIndex(of: label)!]
    }

    /// The most probable class; on an exact tie, the earlier one in `allCases`.
    public var top: (label: PhantomLabel, probability: Double) {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return (PhantomLabel.allCases[best], values[best])
    }

    /// (label, probability) pairs in `allCases` order.
    public var pairs: [(label: PhantomLabel, probability: Double)] {
        Array(zip(PhantomLabel.allCases, values)).map { (label: $0.0, probability: $0.1) }
    }
}
