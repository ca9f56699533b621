/// What the optimiser may do with a parameter.
public enum ParameterKind: Sendable {
    /// Trained and shrunk by weight decay: convolution, linear and embedding weights.
    case weight
    /// Trained without weight decay: biases and the gains and shifts of normalisations, which
    /// decay would pull towards zero for no regularising benefit.
    case bias
    /// Saved and loaded with the weights but never trained: batch norm's running statistics.
    case statistic
}

/// A tensor the model owns across graphs, with the gradient that backward passes add to it.
///
/// A class because layers, graphs, the optimiser and the weight file all refer to the same
/// parameter: the optimiser's update must be what the next graph reads.
public final class Parameter {
    public var value: Tensor
    /// The sum of the gradients of the training-mode backward passes since `zeroGradient()`.
    public var gradient: Tensor
    public let kind: ParameterKind

    public init(_ value: Tensor, kind: ParameterKind = .weight) {
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
        self.kind = kind
    }

    public var shape: [Int] { value.shape }

    public func zeroGradient() { gradient = Tensor(zeros: value.shape) }
}

/// A parameter under the name it has in a weight file, such as `"image.block1.conv.weight"`.
public struct NamedParameter {
    public let name: String
    public let parameter: Parameter

    public init(_ name: String, _ parameter: Parameter) {
        self.name = name
        self.parameter = parameter
    }
}

/// Anything that owns parameters: each layer lists its own under short names ("weight",
/// "bias"), and a model made of layers lists theirs under the layer's field name
/// (`conv1.named("conv1")`), so the names in a weight file follow the structure of the code.
public protocol Layer {
    var namedParameters: [NamedParameter] { get }
}

extension Layer {
    /// The parameters under `prefix.`, for the layer that contains this one.
    public func named(_ prefix: String) -> [NamedParameter] {
        namedParameters.map { NamedParameter(prefix + "." + $0.name, $0.parameter) }
    }

    /// The parameters the optimiser trains (statistics excluded).
    public var trainableParameters: [Parameter] {
        namedParameters.map(\.parameter).filter { $0.kind != .statistic }
    }

    public func zeroGradients() { namedParameters.forEach { $0.parameter.zeroGradient() } }
}
