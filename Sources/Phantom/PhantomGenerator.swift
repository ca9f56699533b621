/// Makes synthetic chest-CT studies. Study `index` depends only on the seed and the index, so
/// studies can be made lazily, in parallel and in any order, and come out identical every time.
///
/// ```swift
/// let study = PhantomGenerator(seed: 42).study(index: 7)
/// let pixels = study.renderSlice(study.keySlice, matrix: 128)   // HU, 128 x 128
/// ```
public struct PhantomGenerator: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// - Precondition: `index >= 0`.
    public func study(index: Int) -> PhantomStudy {
        precondition(index >= 0, "study indices start at 0")
        return PhantomStudy(seed: seed, index: index)
    }

    public func studies(_ indices: Range<Int>) -> [PhantomStudy] {
        indices.map(study(index:))
    }
}
