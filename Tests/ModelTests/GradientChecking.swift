import Testing
@testable import Model

/// Analytic gradients (the graph's backward pass) next to central finite differences of the same
/// scalar, `Σ f(inputs) · R` for a fixed random projection `R`: every element of the output
/// contributes with its own weight, so a backward that swaps, drops or mis-scales elements shows.
struct GradientCheck {
    let analytic: [Tensor]
    let numeric: [Tensor]

    /// `‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖)` per input. A gradient that is truly
    /// zero has only rounding noise on both sides and must be checked otherwise.
    var relativeErrors: [Double] { zip(analytic, numeric).map { relativeError($0, $1) } }
}

/// The tolerance every gradient check must meet. Float32 central differences with a step of
/// 1e-2 on inputs of order 1 leave errors around 1e-4 to 1e-3; a backward pass wrong by 2 % in
/// one direction or in one element of ten already fails.
let gradientTolerance = 1e-2

func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
    var difference = 0.0, normA = 0.0, normB = 0.0
    for i in 0..<a.count {
        let (x, y) = (Double(a[flat: i]), Double(b[flat: i]))
        difference += (x - y) * (x - y)
        normA += x * x
        normB += y * y
    }
    return difference.squareRoot() / max(normA.squareRoot(), normB.squareRoot(), 1e-12)
}

/// A reproducible tensor of standard normal values times `scale`.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var random = RandomGenerator(seed: seed)
    return Tensor.randomNormal(shape: shape, standardDeviation: scale, using: &random)
}

/// `Σ output · projection` in `Double`.
private func projected(_ output: Tensor, _ projection: Tensor) -> Double {
    (0..<output.count).reduce(0.0) { $0 + Double(output[flat: $1]) * Double(projection[flat: $1]) }
}

/// Checks the gradients of `function` with respect to each of `inputs`. Every evaluation runs in
/// a fresh graph of `mode` with the same seed, so dropout draws the same mask each time.
func gradientCheck(_ inputs: [Tensor], step: Float = 1e-2, mode: Graph.Mode = .training,
                   _ function: (Graph, [Variable]) -> Variable) -> GradientCheck {
    func evaluate(_ values: [Tensor]) -> (Graph, [Variable], Variable) {
        let graph = Graph(mode: mode, seed: 99)
        let variables = values.map { graph.input($0, requiresGradient: true) }
        return (graph, variables, function(graph, variables))
    }
    let (graph, variables, output) = evaluate(inputs)
    let projection = randomTensor(output.shape, seed: 12345)
    graph.backward(from: output, seed: projection)
    let analytic = variables.map { graph.gradient(of: $0) ?? Tensor(zeros: $0.shape) }
    let numeric = inputs.indices.map { which in
        var gradient = Tensor(zeros: inputs[which].shape)
        for element in 0..<inputs[which].count {
            var shifted = inputs
            shifted[which][flat: element] += step
            let plus = projected(evaluate(shifted).2.value, projection)
            shifted[which][flat: element] -= 2 * step
            let minus = projected(evaluate(shifted).2.value, projection)
            gradient[flat: element] = Float((plus - minus) / (2 * Double(step)))
        }
        return gradient
    }
    return GradientCheck(analytic: analytic, numeric: numeric)
}

/// The same for parameters of layers: `Parameter.gradient` after a training-mode backward pass,
/// against finite differences of the parameters' values.
func parameterGradientCheck(_ parameters: [Parameter], step: Float = 1e-2, _ function: (Graph) -> Variable) -> GradientCheck {
    parameters.forEach { $0.zeroGradient() }
    let graph = Graph(mode: .training, seed: 99)
    let output = function(graph)
    let projection = randomTensor(output.shape, seed: 12345)
    graph.backward(from: output, seed: projection)
    let numeric = parameters.map { parameter in
        var gradient = Tensor(zeros: parameter.shape)
        let original = parameter.value
        for element in 0..<original.count {
            var shifted = original
            shifted[flat: element] += step
            parameter.value = shifted
            let plus = projected(function(Graph(mode: .training, seed: 99)).value, projection)
            shifted[flat: element] -= 2 * step
            parameter.value = shifted
            let minus = projected(function(Graph(mode: .training, seed: 99)).value, projection)
            gradient[flat: element] = Float((plus - minus) / (2 * Double(step)))
        }
        parameter.value = original
        return gradient
    }
    return GradientCheck(analytic: parameters.map(\.gradient), numeric: numeric)
}

/// Expects every relative error under the tolerance, naming the operation when one is not.
func expectGradientsMatch(_ name: String, _ check: GradientCheck, tolerance: Double = gradientTolerance,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    let errors = check.relativeErrors
    #expect(errors.allSatisfy { $0 < tolerance }, "\(name): relative errors \(errors)", sourceLocation: sourceLocation)
    // A check on all-zero gradients would pass vacuously.
    #expect(check.numeric.contains { $0.scalars.contains { $0 != 0 } }, "\(name): numeric gradient is all zero",
            sourceLocation: sourceLocation)
}
