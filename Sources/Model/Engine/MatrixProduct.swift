/// Matrix products through OpenBLAS: batched for attention, and the linear layer built on them.
extension Graph {
    /// `a · b` for matrices `[M, K] · [K, N]`, or for each batch entry of `[B, M, K] · [B, K, N]`.
    /// With `transposingB` the second operand is given as `[N, K]` (`[B, N, K]`), which is how
    /// attention multiplies queries by keys and how a linear layer stores its weight.
    public func matrixProduct(_ a: Variable, _ b: Variable, transposingB: Bool = false) -> Variable {
        precondition((a.shape.count == 2 || a.shape.count == 3) && b.shape.count == a.shape.count,
                     "matrix product of \(a.shape) and \(b.shape): both must be [M, K] or [B, M, K]")
        let batched = a.shape.count == 3
        let batch = batched ? a.shape[0] : 1
        precondition(!batched || b.shape[0] == batch, "batch sizes differ: \(a.shape) and \(b.shape)")
        let m = a.shape[a.shape.count - 2], k = a.shape[a.shape.count - 1]
        let n = transposingB ? b.shape[b.shape.count - 2] : b.shape[b.shape.count - 1]
        let bK = transposingB ? b.shape[b.shape.count - 1] : b.shape[b.shape.count - 2]
        precondition(bK == k, "inner extents differ: \(a.shape) and \(b.shape)\(transposingB ? " (transposed)" : "")")
        let output = Tensor(shape: batched ? [batch, m, n] : [m, n]) { c in
            a.value.withPointer { a in b.value.withPointer { b in
                for i in 0..<batch {
                    multiplyMatrices(a + i * m * k, b + i * k * n, into: c + i * m * n, m: m, n: n, k: k, transposingB: transposingB)
                }
            } }
        }
        return record(output, inputs: [a, b]) { gradient in
            gradient.withPointer { g in a.value.withPointer { aPointer in b.value.withPointer { bPointer in
                // dA = dC · Bᵀ (dC · B when B was given transposed).
                let da = !a.requiresGradient ? nil : Tensor(shape: a.shape) { da in
                    for i in 0..<batch {
                        multiplyMatrices(g + i * m * n, bPointer + i * k * n, into: da + i * m * k, m: m, n: k, k: n,
                                         transposingB: !transposingB)
                    }
                }
                // dB = Aᵀ · dC, or (dC)ᵀ · A for the transposed operand.
                let db = !b.requiresGradient ? nil : Tensor(shape: b.shape) { db in
                    for i in 0..<batch {
                        if transposingB {
                            multiplyMatrices(g + i * m * n, aPointer + i * m * k, into: db + i * k * n, m: n, n: k, k: m,
                                             transposingA: true)
                        } else {
                            multiplyMatrices(aPointer + i * m * k, g + i * m * n, into: db + i * k * n, m: k, n: n, k: m,
                                             transposingA: true)
                        }
                    }
                }
                return [da, db]
            } } }
        }
    }

    /// `x · weightᵀ + bias` over the last axis of `x` (`[…, in]` → `[…, out]`), with the weight
    /// stored `[out, in]` as in PyTorch, so that weights trained there load unchanged.
    public func linear(_ x: Variable, weight: Variable, bias: Variable?) -> Variable {
        precondition(weight.shape.count == 2 && x.shape.last == weight.shape[1],
                     "linear layer with weight \(weight.shape) on input \(x.shape)")
        let inputs = x.shape.last!, outputs = weight.shape[0]
        let rows = x.value.count / Swift.max(inputs, 1)
        var y = matrixProduct(reshape(x, to: [rows, inputs]), weight, transposingB: true)
        if let bias { y = add(y, bias) }
        return reshape(y, to: x.shape.dropLast() + [outputs])
    }
}
