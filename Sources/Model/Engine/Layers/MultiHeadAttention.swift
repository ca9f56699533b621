/// Multi-head attention with its four projections (`query`, `key`, `value`, `output`).
///
/// Self-attention when called without a context; cross-attention when the keys and values come
/// from another sequence, possibly of another width (`contextFeatures`), such as report tokens
/// attending to image features in the fusion.
public struct MultiHeadAttention: Layer {
    public let heads: Int
    public let query, key, value, output: Linear
    /// Applied to the attention weights in training.
    public let dropout: Float

    public init(features: Int, heads: Int, contextFeatures: Int? = nil, dropout: Float = 0, random: inout RandomGenerator) {
        precondition(features % heads == 0, "\(features) features do not split into \(heads) heads")
        self.heads = heads
        self.dropout = dropout
        let contextFeatures = contextFeatures ?? features
        query = Linear(inputFeatures: features, outputFeatures: features, initialization: .xavier, random: &random)
        key = Linear(inputFeatures: contextFeatures, outputFeatures: features, initialization: .xavier, random: &random)
        value = Linear(inputFeatures: contextFeatures, outputFeatures: features, initialization: .xavier, random: &random)
        output = Linear(inputFeatures: features, outputFeatures: features, initialization: .xavier, random: &random)
    }

    /// `x` `[B, Tq, features]` attending to `context` `[B, Tk, contextFeatures]` (to itself when
    /// `context` is nil); `keyMask` excludes the context's padding.
    public func callAsFunction(_ x: Variable, context: Variable? = nil, keyMask: KeyMask? = nil, in graph: Graph) -> Variable {
        attend(x, context: context, keyMask: keyMask, in: graph).output
    }

    /// The output and the attention weights `[B, heads, Tq, Tk]`.
    public func attend(_ x: Variable, context: Variable? = nil, keyMask: KeyMask? = nil,
                       in graph: Graph) -> (output: Variable, weights: Variable) {
        let source = context ?? x
        let (attended, weights) = graph.attention(query: query(x, in: graph), key: key(source, in: graph),
                                                  value: value(source, in: graph), heads: heads, keyMask: keyMask,
                                                  dropout: dropout)
        return (output(attended, in: graph), weights)
    }

    public var namedParameters: [NamedParameter] {
        query.named("query") + key.named("key") + value.named("value") + output.named("output")
    }
}
