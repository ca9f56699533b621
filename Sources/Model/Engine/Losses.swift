import Foundation

/// Losses, computed from logits for numerical stability (a log of a rounded probability near 0
/// or 1 would lose everything), with the per-row work in `Double`.
extension Graph {
    /// Softmax cross-entropy of `logits` `[N, classes]` against class indices `labels`, as the
    /// weighted mean `Σ wᵢ · −log pᵢ[labelᵢ] / Σ wᵢ` with `wᵢ = classWeights[labelᵢ]` (all 1
    /// without weights): PyTorch's `CrossEntropyLoss(weight:)`, so a rare class can count more
    /// without changing the loss's scale.
    public func softmaxCrossEntropy(logits: Variable, labels: [Int], classWeights: [Float]? = nil) -> Variable {
        softmaxCrossEntropy(logits: logits, targets: labels.map { SoftmaxTarget($0) }, classWeights: classWeights)
    }

    /// Softmax cross-entropy where each row may accept several classes, with an optional focusing
    /// term: row i costs `wᵢ · (1 − qᵢ)^γ · −log qᵢ`, `qᵢ` being the probability the row gives its
    /// accepted classes together, and the loss is the weighted mean as above with `wᵢ` the class
    /// weight of the row's `label`.
    ///
    /// Accepting a set teaches what the input can tell and no more: the image of a 6–10 mm smooth
    /// nodule is a benign or a suspicious nodule depending on the history, so a grid cell on one is
    /// taught "a nodule", not a coin toss between the two. The focusing term (Lin et al.'s focal loss,
    /// γ = 0 is plain cross-entropy) lets the rows already answered well fade, so that among a
    /// thousand clear cells the few that look like a lesion (a vessel seen end-on) carry the loss.
    public func softmaxCrossEntropy(logits: Variable, targets: [SoftmaxTarget], classWeights: [Float]? = nil,
                                    focusing gamma: Double = 0) -> Variable {
        precondition(logits.shape.count == 2 && logits.shape[0] == targets.count, "logits \(logits.shape) for \(targets.count) targets")
        let classes = logits.shape[1]
        precondition(targets.allSatisfy { $0.accepted.allSatisfy { $0 >= 0 && $0 < classes } }, "label outside 0..<\(classes)")
        precondition(classWeights == nil || classWeights!.count == classes, "\(classWeights!.count) class weights for \(classes) classes")
        precondition(gamma == 0 || gamma >= 1, "a focusing exponent between 0 and 1 has no gradient at certainty")
        let weights = targets.map { Double(classWeights?[$0.label] ?? 1) }
        let totalWeight = weights.reduce(0, +)
        precondition(totalWeight > 0, "the labels' class weights sum to zero")
        // Per row: the softmax, and the derivative of the row's cost with respect to its logits.
        var gradient = [Double](repeating: 0, count: logits.value.count)
        var loss = 0.0
        var p = [Double](repeating: 0, count: classes)
        logits.value.withPointer { x in
            for (row, target) in targets.enumerated() {
                let base = row * classes
                let largest = (base..<base + classes).map { Double(x[$0]) }.max()!
                var total = 0.0
                for k in 0..<classes {
                    p[k] = exp(Double(x[base + k]) - largest)
                    total += p[k]
                }
                var q = 0.0
                for k in 0..<classes { p[k] /= total }
                for k in target.accepted { q += p[k] }
                let logQ = log(q), miss = Swift.max(1 - q, 0)
                let focus = gamma == 0 ? 1 : pow(miss, gamma)
                loss += weights[row] * focus * -logQ
                // d cost/dz_k = (1 − q)^γ · (p_k − r_k) + γ(1 − q)^(γ−1) · log q · q · (r_k − p_k), with r the
                // softmax renormalised over the accepted classes (r = onehot for a single label).
                let pull = gamma == 0 || miss == 0 ? 0 : gamma * pow(miss, gamma - 1) * logQ * q
                for k in 0..<classes {
                    let r = target.accepted.contains(k) ? p[k] / q : 0
                    gradient[base + k] = weights[row] * (focus * (p[k] - r) + pull * (r - p[k]))
                }
            }
        }
        return record(Tensor(Float(loss / totalWeight)), inputs: [logits]) { upstream in
            let factor = Double(upstream[flat: 0]) / totalWeight
            return [Tensor(shape: logits.shape) { dx in
                for i in gradient.indices { dx[i] = Float(factor * gradient[i]) }
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

/// What one row of a softmax cross-entropy is taught: its class, and any other class it may equally be.
public struct SoftmaxTarget: Sendable, Equatable {
    /// The class whose weight the row carries.
    public let label: Int
    /// `label` and the alternatives, without repeats.
    public let accepted: [Int]

    public init(_ label: Int, or alternatives: [Int] = []) {
        self.label = label
        accepted = [label] + Set(alternatives).subtracting([label]).sorted()
    }
}
