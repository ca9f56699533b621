import Testing
@testable import Model

@Suite struct TensorTests {
    @Test func copiesShareStorageUntilOneIsWritten() {
        let original = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        var copy = original
        var reshaped = original.reshaped(to: [3, 2])
        copy[1, 2] = 60
        reshaped[flat: 0] = 10
        #expect(original.scalars == [1, 2, 3, 4, 5, 6])
        #expect(copy.scalars == [1, 2, 3, 4, 5, 60])
        #expect(reshaped.scalars == [10, 2, 3, 4, 5, 6] && reshaped.shape == [3, 2])
        #expect(original == Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(original != original.reshaped(to: [6]))
    }

    @Test func indicesAreRowMajor() {
        let tensor = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        #expect(tensor[1, 2, 3] == 23 && tensor[0, 1, 0] == 4 && tensor[1, 0, 2] == 14)
        #expect(Tensor.basis(shape: [2, 3], at: [1, 0]).scalars == [0, 0, 0, 1, 0, 0])
        #expect(Tensor(2.5).shape == [] && Tensor(2.5)[] == 2.5)
    }

    @Test func largeTensorsAreRecycledBySizeClass() {
        // Four classes per power of two: at most a quarter unused.
        #expect(TensorMemory.sizeClass(1 << 20) == 1 << 20)
        #expect(TensorMemory.sizeClass((1 << 20) + 1) == (1 << 20) + (1 << 18))
        #expect(TensorMemory.sizeClass(64 * 16 * 128 * 128) == TensorMemory.sizeClass(60 * 16 * 128 * 128))
        for count in [9, 100, 4097, 1_000_001, 123_456_789] {
            let size = TensorMemory.sizeClass(count)
            #expect(size >= count && Double(size) <= Double(count) * 1.25)
        }
        // A freed block is handed out again (the pool is shared with tests running alongside,
        // so a block is looked for among several allocations rather than expected first).
        let count = 3_000_001
        var tensor: Tensor? = Tensor(zeros: [count])
        let address = tensor!.withPointer { UInt(bitPattern: $0) }
        tensor = nil
        let later = (0..<4).map { _ in Tensor(shape: [count], repeating: 1) }
        #expect(later.contains { $0.withPointer { UInt(bitPattern: $0) } == address })
        #expect(later.allSatisfy { $0.scalars.allSatisfy { $0 == 1 } })
    }
}
