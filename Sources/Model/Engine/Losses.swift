import Foundation

/// Losses, computed from logits for numerical stability (a log of a rounded probability near 0
/// or 1 would lose everything), with the per-row work in `Double`.
extension Graph {
    /// Softmax cross-entropy of `logits` `[N, classes]` against class indices `labels`, as the
    /// weighted mean `Σ wᵢ · −log pᵢ[labelᵢ] / Σ wᵢ` with `wᵢ = classWeights[labelᵢ]` (all 1
    /// without weights): PyTorch's `CrossEntropyLoss(weight:)`, so a rare class can count more
    /// without changing the loss's scale.
    public func softmaxCrossEntropy(logits: Variable, labels: [Int], classWeights: [Float]? = nil) -> Variable {
        precondition(logits.shape.count == 2 && logits.shape[0] == labels.count, "logits \(logits.shape) for \(labels.count) labels")
        let classes = logits.shape[1]
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classes }, "label outside 0..<\(classes)")
        precondition(classWeights == nil || classWeights!.count == classes, "\(classWeights!.count) class weights for \(classes) classes")
        let weights = labels.map { Double(classWeights?[$0] ?? 1) }
        let totalWeight = weights.reduce(0, +)
        precondition(totalWeight > 0, "the labels' class weights sum to zero")
        var probabilities = [Double](repeating: 0, count: logits.value.count)
        var loss = 0.0
        logits.value.withPointer { x in
            for (row, label) in labels.enumerated() {
                let base = row * classes
                let largest = (base..<base + classes).map { Double(x[$0]) }.max()!
                var total = 0.0
                for k in base..<base + classes {
                    probabilities[k] = exp(Double(x[k]) - largest)
                    total += probabilities[k]
                }
                for k in base..<base + classes { probabilities[k] /= total }
                loss -= weights[row] * (Double(x[base + label]) - largest - log(total))
            }
        }
        return record(Tensor(Float(loss / totalWeight)), inputs: [logits]) { gradient in
            // d/dx = w · (p − onehot(label)) / Σw per row.
            let factor = Double(gradient[flat: 0]) / totalWeight
            return [Tensor(shape: logits.shape) { dx in
                for (row, label) in labels.enumerated() {
                    for k in 0..<classes {
                        let target: Double = k == label ? 1 : 0
                        dx[row * classes + k] = Float(factor * weights[row] * (probabilities[row * classes + k] - target))
                    }
                }
            }]
        }
    }

    /// Binary cross-entropy of independent findings: `logits` and `targets` (0…1) are
    /// `[N, findings]`, and the loss is the mean over all entries of
    /// `−(w · t · log σ(x) + (1 − t) · log(1 − σ(x)))` with `w = positiveWeights[finding]` (1
    /// without weights): PyTorch's `BCEWithLogitsLoss(pos_weight:)`, which lets a rare finding's
    /// positives weigh as much as its many negatives.
    public func binaryCrossEntropy(logits: Variable, targets: Tensor, positiveWeights: [Float]? = nil) -> Variable {
        precondition(targets.shape == logits.shape, "targets \(targets.shape) for logits \(logits.shape)")
        let findings = logits.shape.last ?? 1
        precondition(positiveWeights == nil || positiveWeights!.count == findings,
                     "\(positiveWeights!.count) positive weights for \(findings) findings")
        let count = logits.value.count
        /// log(1 + e^x) without overflow.
        func softplus(_ x: Double) -> Double { Swift.max(x, 0) + log1p(exp(-abs(x))) }
        var loss = 0.0
        for i in 0..<count {
            let x = Double(logits.value[flat: i]), t = Double(targets[flat: i])
            let w = Double(positiveWeights?[i % findings] ?? 1)
            // −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x).
            loss += w * t * softplus(-x) + (1 - t) * softplus(x)
        }
        return record(Tensor(Float(loss / Double(count))), inputs: [logits]) { gradient in
            let factor = Double(gradient[flat: 0]) / Double(count)
            return [Tensor(shape: logits.shape) { dx in
                for i in 0..<count {
                    let x = Double(logits.value[flat: i]), t = Double(targets[flat: i])
                    let w = Double(positiveWeights?[i % findings] ?? 1), p = 1 / (1 + exp(-x))
                    dx[i] = Float(factor * (w * t * (p - 1) + (1 - t) * p))
                }
            }]
        }
    }
}
