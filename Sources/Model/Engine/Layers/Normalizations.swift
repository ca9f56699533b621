/// Layer normalisation over the last axis, with gain `weight` (starts at 1) and shift `bias` (0).
public struct LayerNorm: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float

    public init(features: Int, epsilon: Float = 1e-5) {
        weight = Parameter(Tensor(shape: [features], repeating: 1), kind: .bias)
        bias = Parameter(Tensor(zeros: [features]), kind: .bias)
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Variable, in graph: Graph) -> Variable {
        graph.layerNorm(x, scale: graph.use(weight), shift: graph.use(bias), epsilon: epsilon)
    }

    public var namedParameters: [NamedParameter] { [NamedParameter("weight", weight), NamedParameter("bias", bias)] }
}

/// Group normalisation of `[N, C, H, W]`, with per-channel gain `weight` and shift `bias`.
public struct GroupNorm: Layer {
    public let groups: Int
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float

    public init(channels: Int, groups: Int, epsilon: Float = 1e-5) {
        precondition(channels % groups == 0, "\(channels) channels do not split into \(groups) groups")
        self.groups = groups
        weight = Parameter(Tensor(shape: [channels], repeating: 1), kind: .bias)
        bias = Parameter(Tensor(zeros: [channels]), kind: .bias)
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Variable, in graph: Graph) -> Variable {
        graph.groupNorm(x, groups: groups, scale: graph.use(weight), shift: graph.use(bias), epsilon: epsilon)
    }

    public var namedParameters: [NamedParameter] { [NamedParameter("weight", weight), NamedParameter("bias", bias)] }
}

/// Batch normalisation of `[N, C, H, W]` (or `[N, C]`): in training mode each channel is
/// normalised over the batch and its pixels, and the running mean and (unbiased) variance move
/// towards the batch's by `momentum`; otherwise the running statistics are used, which makes the
/// layer a fixed per-channel scale and shift that `folded(into:)` merges into the convolution
/// before it, so deployment pays nothing for it.
public struct BatchNorm2d: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVariance: Parameter
    public let momentum: Float
    public let epsilon: Float

    public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        weight = Parameter(Tensor(shape: [channels], repeating: 1), kind: .bias)
        bias = Parameter(Tensor(zeros: [channels]), kind: .bias)
        runningMean = Parameter(Tensor(zeros: [channels]), kind: .statistic)
        runningVariance = Parameter(Tensor(shape: [channels], repeating: 1), kind: .statistic)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Variable, in graph: Graph) -> Variable {
        let channels = weight.shape[0]
        precondition(x.shape.count >= 2 && x.shape[1] == channels, "batch norm of \(channels) channels on \(x.shape)")
        guard graph.isTraining else {
            let (scale, shift) = inferenceScaleAndShift()
            return graph.scaleAndShift(x, scale: graph.multiply(graph.use(weight), graph.input(scale)),
                                       shift: graph.subtract(graph.use(bias), graph.multiply(graph.input(shift), graph.use(weight))),
                                       axis: 1)
        }
        let (batch, pixels) = (x.shape[0], x.value.count / (x.shape[0] * channels))
        let layout = NormalizationGroups(count: channels, groupStride: pixels, blockCount: batch, blockLength: pixels,
                                         blockStride: channels * pixels)
        let (normalized, mean, variance) = graph.normalize(x, layout, epsilon: epsilon)
        let unbiasing = Float(layout.size) / Float(Swift.max(layout.size - 1, 1))
        runningMean.value = Tensor(shape: [channels], scalars: (0..<channels).map {
            (1 - momentum) * runningMean.value[flat: $0] + momentum * mean[$0]
        })
        runningVariance.value = Tensor(shape: [channels], scalars: (0..<channels).map {
            (1 - momentum) * runningVariance.value[flat: $0] + momentum * variance[$0] * unbiasing
        })
        return graph.scaleAndShift(normalized, scale: graph.use(weight), shift: graph.use(bias), axis: 1)
    }

    /// `s = 1 / sqrt(var + ε)` and `m = mean · s` per channel, from the running statistics: with
    /// the gain `γ` and shift `β`, inference computes `x · γs + (β − γm)`, i.e. `γ·(x − mean)/σ + β`.
    private func inferenceScaleAndShift() -> (scale: Tensor, shift: Tensor) {
        let channels = weight.shape[0]
        let inverse = (0..<channels).map { 1 / (runningVariance.value[flat: $0] + epsilon).squareRoot() }
        return (Tensor(shape: [channels], scalars: inverse),
                Tensor(shape: [channels], scalars: (0..<channels).map { runningMean.value[flat: $0] * inverse[$0] }))
    }

    /// The convolution that computes `self(convolution(x))` in inference mode: each output
    /// channel's weights scaled by `γ/σ` and its bias moved to `β + (b − mean)·γ/σ`.
    public func folded(into convolution: Conv2d) -> Conv2d {
        let channels = weight.shape[0]
        precondition(convolution.weight.shape[0] == channels, "batch norm of \(channels) channels after \(convolution.weight.shape)")
        let (inverse, _) = inferenceScaleAndShift()
        let perChannel = convolution.weight.value.count / channels
        let gain = (0..<channels).map { weight.value[flat: $0] * inverse[flat: $0] }
        let foldedWeight = Tensor(shape: convolution.weight.shape, scalars: convolution.weight.value.scalars.enumerated().map {
            $0.element * gain[$0.offset / perChannel]
        })
        let foldedBias = Tensor(shape: [channels], scalars: (0..<channels).map { c in
            bias.value[flat: c] + ((convolution.bias?.value[flat: c] ?? 0) - runningMean.value[flat: c]) * gain[c]
        })
        return Conv2d(weight: Parameter(foldedWeight), bias: Parameter(foldedBias, kind: .bias),
                      stride: convolution.stride, padding: convolution.padding)
    }

    public var namedParameters: [NamedParameter] {
        [NamedParameter("weight", weight), NamedParameter("bias", bias),
         NamedParameter("running_mean", runningMean), NamedParameter("running_var", runningVariance)]
    }
}
