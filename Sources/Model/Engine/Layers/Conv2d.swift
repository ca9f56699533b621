/// A 2-D convolution layer with square kernels: weight `[outC, inC, k, k]`, bias `[outC]`.
public struct Conv2d: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int
    public let padding: Int

    /// He-initialised (normal with standard deviation `sqrt(2 / (inC·k·k))`), the choice that
    /// keeps activations at a steady scale through a stack of ReLU layers; the bias starts at 0.
    /// A convolution followed by a normalisation needs no bias (`bias: false`): the
    /// normalisation's shift subtracts it again.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, random: inout RandomGenerator) {
        let fanIn = inputChannels * kernelSize * kernelSize
        let weight = Tensor.randomNormal(shape: [outputChannels, inputChannels, kernelSize, kernelSize],
                                         standardDeviation: (2 / Float(fanIn)).squareRoot(), using: &random)
        self.init(weight: Parameter(weight), bias: bias ? Parameter(Tensor(zeros: [outputChannels]), kind: .bias) : nil,
                  stride: stride, padding: padding)
    }

    public init(weight: Parameter, bias: Parameter?, stride: Int = 1, padding: Int = 0) {
        precondition(weight.shape.count == 4, "convolution weight must be [outC, inC, kh, kw], got \(weight.shape)")
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
    }

    public func callAsFunction(_ x: Variable, in graph: Graph) -> Variable {
        graph.conv2d(x, weight: graph.use(weight), bias: bias.map(graph.use), stride: stride, padding: padding)
    }

    public var namedParameters: [NamedParameter] {
        [NamedParameter("weight", weight)] + (bias.map { [NamedParameter("bias", $0)] } ?? [])
    }
}
