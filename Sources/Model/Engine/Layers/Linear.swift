/// How a linear layer's weight starts.
public enum LinearInitialization: Sendable {
    /// Normal with standard deviation `sqrt(2 / in)`: for layers followed by ReLU or GELU.
    case he
    /// Uniform in ±`sqrt(6 / (in + out))`: for projections not followed by a rectifier, such as
    /// attention's query, key, value and output.
    case xavier
}

/// A fully connected layer: weight `[out, in]`, bias `[out]`.
public struct Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter?

    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, initialization: LinearInitialization = .he,
                random: inout RandomGenerator) {
        let shape = [outputFeatures, inputFeatures]
        switch initialization {
        case .he:
            weight = Parameter(.randomNormal(shape: shape, standardDeviation: (2 / Float(inputFeatures)).squareRoot(), using: &random))
        case .xavier:
            weight = Parameter(.randomUniform(shape: shape, bound: (6 / Float(inputFeatures + outputFeatures)).squareRoot(), using: &random))
        }
        self.bias = bias ? Parameter(Tensor(zeros: [outputFeatures]), kind: .bias) : nil
    }

    public func callAsFunction(_ x: Variable, in graph: Graph) -> Variable {
        graph.linear(x, weight: graph.use(weight), bias: bias.map(graph.use))
    }

    public var namedParameters: [NamedParameter] {
        [NamedParameter("weight", weight)] + (bias.map { [NamedParameter("bias", $0)] } ?? [])
    }
}
