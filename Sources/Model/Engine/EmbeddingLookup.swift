/// Token embeddings: rows of a table gathered by index.
extension Graph {
    /// The rows of `table` `[vocabulary, D]` at `indices`, arranged as `shape` (`[B, T]` for a
    /// batch of token sequences) → `[shape…, D]`. The output is an ordinary node, so its gradient
    /// (for gradient × input attribution) is `gradient(of:)` it; the table's gradient adds each
    /// position's gradient to its row, in position order.
    public func embedding(_ indices: [Int], shape: [Int], table: Variable) -> Variable {
        precondition(table.shape.count == 2, "embedding table must be [vocabulary, D], got \(table.shape)")
        precondition(indices.count == shape.reduce(1, *), "\(indices.count) indices for shape \(shape)")
        let (vocabulary, features) = (table.shape[0], table.shape[1])
        precondition(indices.allSatisfy { $0 >= 0 && $0 < vocabulary }, "token index outside the vocabulary of \(vocabulary)")
        let output = Tensor(shape: shape + [features]) { out in
            table.value.withPointer { rows in
                for (position, index) in indices.enumerated() {
                    (out + position * features).update(from: rows + index * features, count: features)
                }
            }
        }
        return record(output, inputs: [table]) { gradient in
            [Tensor(shape: table.shape) { dTable in
                dTable.initialize(repeating: 0, count: table.value.count)
                gradient.withPointer { g in
                    for (position, index) in indices.enumerated() {
                        for f in 0..<features { dTable[index * features + f] += g[position * features + f] }
                    }
                }
            }]
        }
    }
}
