/// A pre-norm transformer encoder block: `x + attention(norm(x))`, then `h + feedForward(norm(h))`
/// with a GELU between the feed-forward's two layers. Normalising before each branch rather than
/// after the sum (the original transformer) keeps an identity path from input to output, which is
/// what lets a small model train without a learning-rate warm-up.
public struct TransformerEncoderBlock: Layer {
    public let attentionNorm: LayerNorm
    public let attention: MultiHeadAttention
    public let feedForwardNorm: LayerNorm
    public let feedForwardIn: Linear
    public let feedForwardOut: Linear
    /// Applied to each branch's output (and inside attention) in training.
    public let dropout: Float

    public init(features: Int, heads: Int, hiddenFeatures: Int, dropout: Float = 0.1, random: inout RandomGenerator) {
        attentionNorm = LayerNorm(features: features)
        attention = MultiHeadAttention(features: features, heads: heads, dropout: dropout, random: &random)
        feedForwardNorm = LayerNorm(features: features)
        feedForwardIn = Linear(inputFeatures: features, outputFeatures: hiddenFeatures, random: &random)
        feedForwardOut = Linear(inputFeatures: hiddenFeatures, outputFeatures: features, initialization: .xavier, random: &random)
        self.dropout = dropout
    }

    /// `x` `[B, T, features]` → the same shape; `keyMask` excludes padding tokens from attention.
    public func callAsFunction(_ x: Variable, keyMask: KeyMask? = nil, in graph: Graph) -> Variable {
        let attended = attention(attentionNorm(x, in: graph), keyMask: keyMask, in: graph)
        let h = graph.add(x, graph.dropout(attended, rate: dropout))
        let hidden = graph.gelu(feedForwardIn(feedForwardNorm(h, in: graph), in: graph))
        return graph.add(h, graph.dropout(feedForwardOut(hidden, in: graph), rate: dropout))
    }

    public var namedParameters: [NamedParameter] {
        attentionNorm.named("attention_norm") + attention.named("attention") + feedForwardNorm.named("feed_forward_norm")
            + feedForwardIn.named("feed_forward_in") + feedForwardOut.named("feed_forward_out")
    }
}
