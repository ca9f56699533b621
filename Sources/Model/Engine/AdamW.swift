import Foundation

/// Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch's `AdamW`: each step first
/// shrinks a weight by `learningRate · weightDecay · w`, then moves it by the bias-corrected
/// `m̂ / (√v̂ + ε)`. Decoupling matters with Adam: decay added to the gradient would be divided
/// by `√v̂` and so shrink rarely-updated weights the most. Decay applies to `.weight` parameters
/// only; `.statistic` parameters are skipped entirely.
public final class AdamW {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    /// Steps taken; the bias corrections depend on it.
    public private(set) var stepCount = 0

    private let parameters: [Parameter]
    private var firstMoments: [Tensor]
    private var secondMoments: [Tensor]

    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        var seen = Set<ObjectIdentifier>()
        // A parameter listed twice (tied weights) must be stepped once.
        self.parameters = parameters.filter { $0.kind != .statistic && seen.insert(ObjectIdentifier($0)).inserted }
        firstMoments = self.parameters.map { Tensor(zeros: $0.shape) }
        secondMoments = firstMoments
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Updates every parameter from its accumulated gradient; the gradients are left as they are
    /// (`zeroGradients()` starts the next accumulation). Parameters are updated in place unless a
    /// live graph still holds their values, in which case they are copied first (copy-on-write):
    /// reset or drop the step's graph before stepping to save the copy.
    public func step() {
        stepCount += 1
        let correction1 = 1 - pow(beta1, Float(stepCount)), correction2 = 1 - pow(beta2, Float(stepCount))
        let (beta1, beta2, epsilon, learningRate) = (self.beta1, self.beta2, self.epsilon, self.learningRate)
        for (index, parameter) in parameters.enumerated() {
            let decay: Float = parameter.kind == .weight ? 1 - learningRate * weightDecay : 1
            let count = parameter.value.count
            parameter.gradient.withPointer { g in
                firstMoments[index].withMutablePointer { m in
                    secondMoments[index].withMutablePointer { v in
                        parameter.value.withMutablePointer { w in
                            for i in 0..<count {
                                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                                let update = (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
                                w[i] = w[i] * decay - learningRate * update
                            }
                        }
                    }
                }
            }
        }
    }

    public func zeroGradients() { parameters.forEach { $0.zeroGradient() } }

    /// The step count and both moments of every parameter it steps, in its order: with the weights,
    /// what a training needs to go on from a checkpoint exactly as if it had not stopped.
    public struct State {
        public var stepCount: Int
        public var firstMoments: [Tensor]
        public var secondMoments: [Tensor]

        public init(stepCount: Int, firstMoments: [Tensor], secondMoments: [Tensor]) {
            (self.stepCount, self.firstMoments, self.secondMoments) = (stepCount, firstMoments, secondMoments)
        }
    }

    public var state: State { State(stepCount: stepCount, firstMoments: firstMoments, secondMoments: secondMoments) }

    /// The shapes `restore(_:)` expects, one per parameter stepped, in order.
    public var momentShapes: [[Int]] { parameters.map(\.shape) }

    /// Continues from `state`, which must have a moment of the right shape for every parameter.
    public func restore(_ state: State) {
        precondition(state.stepCount >= 0 && state.firstMoments.map(\.shape) == momentShapes
                     && state.secondMoments.map(\.shape) == momentShapes, "optimiser state for other parameters")
        (stepCount, firstMoments, secondMoments) = (state.stepCount, state.firstMoments, state.secondMoments)
    }
}

/// Scales the gradients of `parameters` so that their global L2 norm is at most `maxNorm`, and
/// returns the norm before clipping (worth logging: a spike says the step would have been wild).
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    var seen = Set<ObjectIdentifier>()
    let unique = parameters.filter { seen.insert(ObjectIdentifier($0)).inserted }
    let norm = Float(unique.reduce(0.0) { total, parameter in
        parameter.gradient.scalars.reduce(total) { $0 + Double($1) * Double($1) }
    }.squareRoot())
    guard norm > maxNorm, norm > 0 else { return norm }
    let factor = maxNorm / norm
    for parameter in unique {
        parameter.gradient = Tensor(shape: parameter.shape, scalars: parameter.gradient.scalars.map { $0 * factor })
    }
    return norm
}
