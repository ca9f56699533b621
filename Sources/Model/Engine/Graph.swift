/// A node of a `Graph`: the value an operation produced, and the handle by which its gradient is
/// asked for after a backward pass.
public final class Variable {
    public let value: Tensor
    /// Whether backward passes reach this node; see `Graph.Mode` for which nodes do.
    public let requiresGradient: Bool
    /// Increases with creation, so the tape is in an order where every input precedes its users.
    let id: Int
    let graph: ObjectIdentifier

    init(value: Tensor, requiresGradient: Bool, id: Int, graph: ObjectIdentifier) {
        self.value = value
        self.requiresGradient = requiresGradient
        self.id = id
        self.graph = graph
    }

    public var shape: [Int] { value.shape }
}

/// Reverse-mode automatic differentiation on a tape.
///
/// Operations are methods of the graph (`graph.conv2d(x, weight: w, bias: b)`) that compute their
/// value at once and, when the graph records, append to the tape a closure mapping the gradient
/// of their output to the gradients of their inputs. `backward(from:seed:)` walks the tape in
/// reverse and keeps the gradient of every node it reaches, so `gradient(of:)` answers for any
/// node: a parameter, an input, or an intermediate activation (what Grad-CAM reads from the last
/// convolution block, and what gradient × input reads from token embeddings).
///
/// The tape is a list in creation order rather than a graph of pointers: creation order is
/// already topological, the walk needs no sort, and it is the same on every run.
///
/// A graph is used from one thread at a time (the operations use all cores inside). In inference
/// mode nothing is recorded, so an activation is freed as soon as the caller drops it and its
/// memory goes back to `TensorMemory`'s pool for the next layer or study (as do the convolutions'
/// column matrices), so a stream of studies allocates nothing once the pool is warm.
public final class Graph {
    public enum Mode: Sendable {
        /// Records every node downstream of a parameter; dropout drops, batch norm uses and updates
        /// batch statistics; backward adds parameter gradients to `Parameter.gradient`.
        case training
        /// Records nothing; dropout and batch norm behave as in deployment.
        case inference
        /// Behaves as inference but records every operation, so gradients reach every node and any
        /// input created with `requiresGradient: true`. Parameter gradients are not computed:
        /// explanation wants the gradient of activations and inputs, not of weights.
        case explanation
    }

    public let mode: Mode
    /// The stream dropout draws its masks from, in the order the operations run.
    public var random: RandomGenerator

    private struct TapeEntry {
        let outputID: Int
        let inputs: [Variable]
        /// The gradients of the inputs, in order, from the gradient of the output; `nil` for an
        /// input that does not require one.
        let backward: (Tensor) -> [Tensor?]
    }

    private var tape: [TapeEntry] = []
    private var gradients: [Int: Tensor] = [:]
    private var parameterVariables: [ObjectIdentifier: (parameter: Parameter, variable: Variable)] = [:]
    private var nextID = 0

    public init(mode: Mode, seed: UInt64 = 0) {
        self.mode = mode
        random = RandomGenerator(seed: seed)
    }

    var records: Bool { mode != .inference }
    /// Dropout and batch statistics apply.
    public var isTraining: Bool { mode == .training }

    /// Forgets the tape, the gradients and the parameters' nodes (so the next use reads updated
    /// values), and keeps the random stream: for the next training step.
    public func reset() {
        tape.removeAll(keepingCapacity: true)
        gradients.removeAll()
        parameterVariables.removeAll()
    }

    /// A leaf holding data: an image batch, targets, or embeddings to attribute to.
    public func input(_ value: Tensor, requiresGradient: Bool = false) -> Variable {
        makeVariable(value, requiresGradient: requiresGradient && records)
    }

    /// The node of a parameter: the same node however often the parameter is used in this graph
    /// (tied weights), holding the value it had at its first use.
    public func use(_ parameter: Parameter) -> Variable {
        if let bound = parameterVariables[ObjectIdentifier(parameter)] { return bound.variable }
        let variable = makeVariable(parameter.value, requiresGradient: mode == .training)
        parameterVariables[ObjectIdentifier(parameter)] = (parameter, variable)
        return variable
    }

    private func makeVariable(_ value: Tensor, requiresGradient: Bool) -> Variable {
        nextID += 1
        return Variable(value: value, requiresGradient: requiresGradient, id: nextID, graph: ObjectIdentifier(self))
    }

    /// The output node of an operation; its backward closure is kept only when some input needs
    /// a gradient (or, in explanation mode, always), so inference keeps no activation alive.
    func record(_ value: Tensor, inputs: [Variable], backward: @escaping (Tensor) -> [Tensor?]) -> Variable {
        for input in inputs { precondition(input.graph == ObjectIdentifier(self), "a variable from another graph") }
        let needed = recordsBackward(of: inputs)
        let output = makeVariable(value, requiresGradient: needed)
        if needed { tape.append(TapeEntry(outputID: output.id, inputs: inputs, backward: backward)) }
        return output
    }

    /// Whether an operation on `inputs` goes on the tape: an operation can then skip saving what
    /// only its backward pass would need.
    func recordsBackward(of inputs: [Variable]) -> Bool {
        records && (mode == .explanation || inputs.contains { $0.requiresGradient })
    }

    /// Back-propagates from `output`. `seed` is the gradient of the quantity of interest with
    /// respect to `output`: omitted for a scalar loss (then 1), or, for instance,
    /// `Tensor.basis(shape: logits.shape, at: [study, finding])` for one logit.
    ///
    /// Gradients of the previous backward pass are forgotten; in training mode each parameter's
    /// gradient is added to `Parameter.gradient` (so several passes accumulate until the
    /// optimiser's step).
    public func backward(from output: Variable, seed: Tensor? = nil) {
        precondition(output.graph == ObjectIdentifier(self), "a variable from another graph")
        precondition(output.requiresGradient, "no recorded operation leads to this variable (inference mode, or no parameter or input with requiresGradient upstream)")
        let start = seed ?? Tensor(shape: output.shape, repeating: 1)
        precondition(seed != nil || output.value.count == 1, "a non-scalar output \(output.shape) needs a seed")
        precondition(start.shape == output.shape, "seed shape \(start.shape) for output \(output.shape)")
        gradients = [output.id: start]
        for entry in tape.reversed() where entry.outputID <= output.id {
            guard let outputGradient = gradients[entry.outputID] else { continue }
            for (input, gradient) in zip(entry.inputs, entry.backward(outputGradient)) {
                guard input.requiresGradient, let gradient else { continue }
                precondition(gradient.shape == input.shape, "gradient shape \(gradient.shape) for input \(input.shape)")
                if gradients[input.id] == nil { gradients[input.id] = gradient } else { gradients[input.id]!.add(gradient) }
            }
        }
        guard mode == .training else { return }
        for (parameter, variable) in parameterVariables.values {
            if let gradient = gradients[variable.id] { parameter.gradient.add(gradient) }
        }
    }

    /// The gradient of the last backward pass's quantity with respect to `variable`; `nil` when
    /// the pass did not reach it.
    public func gradient(of variable: Variable) -> Tensor? { gradients[variable.id] }
}
