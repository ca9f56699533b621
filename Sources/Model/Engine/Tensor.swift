/// A dense array of `Float`s with a shape, stored row-major: the last axis varies fastest, so an
/// image batch `[N, C, H, W]` is NCHW, and a token batch `[B, T, D]` keeps each token's features
/// together.
///
/// A value type: copies share their storage until one of them is written (copy-on-write), so
/// handing a tensor to the graph, reshaping it or keeping it in a `Parameter` copies nothing. The
/// shape is fixed for a value; `reshaped(to:)` makes a new one on the same storage. A scalar has
/// shape `[]` and one element. The storage comes from `TensorMemory`'s pool rather than straight
/// from `malloc`: see there for why.
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    public let shape: [Int]
    private var storage: TensorStorage

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(scalars.count == shape.reduce(1, *),
                     "shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.init(shape: shape) { out in
            scalars.withUnsafeBufferPointer { if let base = $0.baseAddress { out.update(from: base, count: $0.count) } }
        }
    }

    public init(zeros shape: [Int]) { self.init(shape: shape, repeating: 0) }

    public init(shape: [Int], repeating value: Float) {
        self.init(shape: shape) { $0.initialize(repeating: value, count: shape.reduce(1, *)) }
    }

    /// A scalar (shape `[]`).
    public init(_ value: Float) { self.init(shape: [], repeating: value) }

    /// A tensor whose every element `body` writes: the storage is not cleared first, which matters
    /// for the large outputs of convolutions.
    init(shape: [Int], initializingWith body: (UnsafeMutablePointer<Float>) -> Void) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        self.shape = shape
        storage = TensorStorage(count: shape.reduce(1, *))
        body(storage.base)
    }

    private init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    /// Zeros except a one at `indices`: the seed that starts back-propagation from one element,
    /// such as one class logit of one study for Grad-CAM.
    public static func basis(shape: [Int], at indices: [Int]) -> Tensor {
        var tensor = Tensor(zeros: shape)
        tensor[flat: tensor.offset(of: indices)] = 1
        return tensor
    }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// The elements in row-major order, copied out.
    public var scalars: [Float] { withPointer { Array(UnsafeBufferPointer(start: $0, count: count)) } }

    /// The same elements under another shape with the same count.
    public func reshaped(to newShape: [Int]) -> Tensor {
        precondition(newShape.allSatisfy { $0 >= 0 } && newShape.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: newShape, storage: storage)
    }

    /// The element at a full index, one entry per axis.
    public subscript(_ indices: Int...) -> Float {
        get { self[flat: offset(of: indices)] }
        set { self[flat: offset(of: indices)] = newValue }
    }

    /// The element at a position in row-major order (what perturbation tests walk through).
    public subscript(flat index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "index \(index) out of range for \(count) elements")
            return storage.base[index]
        }
        set {
            precondition(index >= 0 && index < count, "index \(index) out of range for \(count) elements")
            withMutablePointer { $0[index] = newValue }
        }
    }

    func offset(of indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "index \(indices) for shape \(shape)")
        var offset = 0
        for (index, extent) in zip(indices, shape) {
            precondition(index >= 0 && index < extent, "index \(indices) out of range for shape \(shape)")
            offset = offset * extent + index
        }
        return offset
    }

    func withPointer<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.base) }
    }

    mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = TensorStorage(count: count)
            copy.base.update(from: storage.base, count: count)
            storage = copy
        }
        return try withExtendedLifetime(storage) { try body(storage.base) }
    }

    /// Adds `other` element by element; how gradients from several consumers of a node are summed.
    mutating func add(_ other: Tensor) {
        precondition(other.shape == shape, "adding shape \(other.shape) to \(shape)")
        let count = self.count
        other.withPointer { source in
            withMutablePointer { target in for i in 0..<count { target[i] += source[i] } }
        }
    }

    public static func == (a: Tensor, b: Tensor) -> Bool {
        guard a.shape == b.shape else { return false }
        return a.withPointer { x in b.withPointer { y in (0..<a.count).allSatisfy { x[$0] == y[$0] } } }
    }

    public var description: String {
        let shown = (0..<min(count, 8)).map { "\(self[flat: $0])" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

/// The sizes of `shape` before `axis`, at it and after it: the view `[outer, extent, inner]` in
/// which reductions, concatenation and per-channel operations along one axis are simple loops.
func split(_ shape: [Int], at axis: Int) -> (outer: Int, extent: Int, inner: Int) {
    precondition(axis >= 0 && axis < shape.count, "axis \(axis) out of range for shape \(shape)")
    return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
}
