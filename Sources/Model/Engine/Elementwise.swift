import Foundation

/// Element-by-element operations: arithmetic for residual connections and gating, and the
/// activations.
///
/// The binary operations broadcast in one way only: `b`'s shape may be a suffix of `a`'s (a bias
/// `[D]` over tokens `[B, T, D]`, positional embeddings `[T, D]` over a batch), and `b` is then
/// repeated over `a`'s leading axes. That covers the model's needs without a general
/// broadcasting machinery whose backward must reduce over arbitrary axes.
///
/// Each function is a type passed as a generic parameter rather than a closure: the loops are
/// then compiled per function, with the function inlined and vectorised. Passed as closures
/// through the threads, every element cost an indirect call, which made a ReLU over a 64-slice
/// activation four times slower on two cores than on one.
extension Graph {
    public func add(_ a: Variable, _ b: Variable) -> Variable { binary(a, b, Sum()) }
    public func subtract(_ a: Variable, _ b: Variable) -> Variable { binary(a, b, Difference()) }
    public func multiply(_ a: Variable, _ b: Variable) -> Variable { binary(a, b, Product()) }

    public func scale(_ x: Variable, by factor: Float) -> Variable { unary(x, Scaling(factor: factor)) }
    public func relu(_ x: Variable) -> Variable { unary(x, RectifiedLinear()) }
    /// GELU in the tanh approximation (as in BERT and GPT-2): within 1e-3 of the exact
    /// `x·Φ(x)` and without `erf`, whose derivative would cost an `exp` more.
    public func gelu(_ x: Variable) -> Variable { unary(x, GaussianErrorLinear()) }
    public func sigmoid(_ x: Variable) -> Variable { unary(x, Logistic()) }
    public func tanh(_ x: Variable) -> Variable { unary(x, HyperbolicTangent()) }

    private func unary<F: ElementFunction>(_ x: Variable, _ function: F) -> Variable {
        let count = x.value.count
        let output = Tensor(shape: x.shape) { out in
            x.value.withPointer { input in
                parallelRanges(count, costPerItem: 4) { range in for i in range { out[i] = function.value(input[i]) } }
            }
        }
        return record(output, inputs: [x]) { gradient in
            [Tensor(shape: x.shape) { dx in
                x.value.withPointer { input in output.withPointer { y in gradient.withPointer { g in
                    parallelRanges(count, costPerItem: 4) { range in
                        for i in range { dx[i] = g[i] * function.derivative(input[i], y[i]) }
                    }
                } } }
            }]
        }
    }

    private func binary<O: ElementOperator>(_ a: Variable, _ b: Variable, _ operation: O) -> Variable {
        precondition(b.shape.count <= a.shape.count && Array(a.shape.suffix(b.shape.count)) == b.shape,
                     "shape \(b.shape) must equal or end \(a.shape)")
        let period = b.value.count, count = a.value.count
        let output = Tensor(shape: a.shape) { out in
            a.value.withPointer { x in b.value.withPointer { y in
                parallelRanges(count, costPerItem: 4) { range in
                    forEachRun(of: range, period: period) { run, offset in
                        for i in run { out[i] = operation.value(x[i], y[i - offset]) }
                    }
                }
            } }
        }
        return record(output, inputs: [a, b]) { gradient in
            gradient.withPointer { g in a.value.withPointer { x in b.value.withPointer { y in
                let da = !a.requiresGradient ? nil : Tensor(shape: a.shape) { da in
                    parallelRanges(count, costPerItem: 4) { range in
                        forEachRun(of: range, period: period) { run, offset in
                            for i in run { da[i] = operation.gradientA(g[i], x[i], y[i - offset]) }
                        }
                    }
                }
                // Summed over the repeats in a fixed order, so the result is reproducible.
                let db = !b.requiresGradient ? nil : Tensor(shape: b.shape) { db in
                    db.initialize(repeating: 0, count: period)
                    for start in stride(from: 0, to: count, by: Swift.max(period, 1)) {
                        for j in 0..<period { db[j] += operation.gradientB(g[start + j], x[start + j], y[j]) }
                    }
                }
                return [da, db]
            } } }
        }
    }
}

/// Splits `range` into runs that do not cross a multiple of `period`, calling `body(run, offset)`
/// with `offset` the multiple at the run's start: element `i` of the run pairs with element
/// `i − offset` of the repeated operand, and each run is a plain loop the compiler vectorises.
@inline(__always)
private func forEachRun(of range: Range<Int>, period: Int, _ body: (Range<Int>, Int) -> Void) {
    var start = range.lowerBound
    while start < range.upperBound {
        let offset = start - start % period
        let end = Swift.min(range.upperBound, offset + period)
        body(start..<end, offset)
        start = end
    }
}

/// `y = f(x)` with `f'(x)`, given `y` too because sigmoid's and tanh's are cheapest from it.
private protocol ElementFunction {
    func value(_ x: Float) -> Float
    func derivative(_ x: Float, _ y: Float) -> Float
}

private struct Scaling: ElementFunction {
    let factor: Float
    func value(_ x: Float) -> Float { x * factor }
    func derivative(_ x: Float, _ y: Float) -> Float { factor }
}

private struct RectifiedLinear: ElementFunction {
    func value(_ x: Float) -> Float { Swift.max(x, 0) }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : 0 }
}

private struct GaussianErrorLinear: ElementFunction {
    private let c = Float((2 / Double.pi).squareRoot()), cubic: Float = 0.044715
    func value(_ x: Float) -> Float { 0.5 * x * (1 + Foundation.tanh(c * (x + cubic * x * x * x))) }
    func derivative(_ x: Float, _ y: Float) -> Float {
        let t = Foundation.tanh(c * (x + cubic * x * x * x))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * cubic * x * x)
    }
}

private struct Logistic: ElementFunction {
    func value(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
    func derivative(_ x: Float, _ y: Float) -> Float { y * (1 - y) }
}

private struct HyperbolicTangent: ElementFunction {
    func value(_ x: Float) -> Float { Foundation.tanh(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 - y * y }
}

/// `out = f(a, b)` with the partial derivatives times the output gradient `g`.
private protocol ElementOperator {
    func value(_ a: Float, _ b: Float) -> Float
    func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float
    func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float
}

private struct Sum: ElementOperator {
    func value(_ a: Float, _ b: Float) -> Float { a + b }
    func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { g }
    func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { g }
}

private struct Difference: ElementOperator {
    func value(_ a: Float, _ b: Float) -> Float { a - b }
    func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { g }
    func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { -g }
}

private struct Product: ElementOperator {
    func value(_ a: Float, _ b: Float) -> Float { a * b }
    func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { g * b }
    func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { g * a }
}
