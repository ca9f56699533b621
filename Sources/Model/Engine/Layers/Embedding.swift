/// A token embedding table `[vocabulary, features]`, saved as `weight`.
public struct Embedding: Layer {
    public let weight: Parameter

    /// Normal with standard deviation 0.02 (BERT's choice): small next to the layer norm that
    /// follows, so no token starts out dominating.
    public init(vocabulary: Int, features: Int, standardDeviation: Float = 0.02, random: inout RandomGenerator) {
        weight = Parameter(.randomNormal(shape: [vocabulary, features], standardDeviation: standardDeviation, using: &random))
    }

    /// `[shape…, features]` for token ids `indices` laid out as `shape`.
    public func callAsFunction(_ indices: [Int], shape: [Int], in graph: Graph) -> Variable {
        graph.embedding(indices, shape: shape, table: graph.use(weight))
    }

    public var namedParameters: [NamedParameter] { [NamedParameter("weight", weight)] }
}
