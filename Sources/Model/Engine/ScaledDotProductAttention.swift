/// Scaled dot-product attention over several heads, composed of the graph's own operations so
/// that its backward pass is theirs (each checked against finite differences).
extension Graph {
    /// Each query position of `query` `[B, Tq, D]` attends to the positions of `key` and `value`
    /// `[B, Tk, D]` in `heads` heads of `D / heads` features: self-attention when all three come
    /// from one sequence, cross-attention (text attending to image features, say) otherwise. The
    /// projections are the caller's (see `MultiHeadAttention`). Returns the attended values
    /// `[B, Tq, D]` and the attention weights `[B, heads, Tq, Tk]` (after masking, before
    /// dropout), which can be shown or differentiated like any node.
    public func attention(query: Variable, key: Variable, value: Variable, heads: Int, keyMask: KeyMask? = nil,
                          dropout rate: Float = 0) -> (output: Variable, weights: Variable) {
        precondition(query.shape.count == 3 && key.shape.count == 3 && value.shape == key.shape,
                     "attention takes [B, T, D] queries, keys and values; got \(query.shape), \(key.shape), \(value.shape)")
        let (batch, queries, features) = (query.shape[0], query.shape[1], query.shape[2])
        let keys = key.shape[1]
        precondition(key.shape[0] == batch && key.shape[2] == features && features % heads == 0,
                     "\(heads) heads over queries \(query.shape) and keys \(key.shape)")
        let headFeatures = features / heads

        /// `[B, T, D]` → `[B·heads, T, D/heads]`: one matrix per (sequence, head).
        func splitHeads(_ x: Variable, length: Int) -> Variable {
            reshape(permute(reshape(x, to: [batch, length, heads, headFeatures]), [0, 2, 1, 3]), to: [batch * heads, length, headFeatures])
        }
        let scaledQuery = scale(splitHeads(query, length: queries), by: 1 / Float(headFeatures).squareRoot())
        let scores = matrixProduct(scaledQuery, splitHeads(key, length: keys), transposingB: true)
        let weights = softmax(reshape(scores, to: [batch, heads, queries, keys]), keyMask: keyMask)
        let dropped = reshape(dropout(weights, rate: rate), to: [batch * heads, queries, keys])
        let attended = matrixProduct(dropped, splitHeads(value, length: keys))
        let merged = reshape(permute(reshape(attended, to: [batch, heads, queries, headFeatures]), [0, 2, 1, 3]),
                             to: [batch, queries, features])
        return (merged, weights)
    }
}
