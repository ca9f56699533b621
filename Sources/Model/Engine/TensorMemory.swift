import Synchronization

/// Recycles the memory of large tensors.
///
/// glibc serves an allocation above 32 MB with a fresh `mmap`, and the kernel then faults in and
/// zeroes every page on first touch: measured on the two-core server, that made a ReLU over one
/// 64-slice activation (67 MB) take 50 ms instead of 14, and cost the convolutions and
/// normalisations as much again. A forward pass frees an activation as soon as the next layer has
/// read it, and the next layer, or the next study, asks for the same sizes again; so freed blocks
/// go into a pool by size class and are handed out again without touching the kernel, and
/// inference over a stream of studies allocates nothing once the pool is warm.
///
/// The pool keeps at most `retainedLimit` bytes (1 GiB unless set), freeing beyond that; small
/// tensors (under 16 KB) bypass it, since `malloc` reuses those cheaply already.
public enum TensorMemory {
    private struct Pool {
        /// Addresses of free blocks by capacity (as integers: a pointer is not `Sendable`, and
        /// a block in the pool belongs to no one).
        var free: [Int: [UInt]] = [:]
        var retainedBytes = 0
        var limit = 1 << 30
    }

    private static let pool = Mutex(Pool())
    private static let smallest = 4096

    /// The most bytes of freed tensor memory kept for reuse.
    public static var retainedLimit: Int {
        get { pool.withLock { $0.limit } }
        set {
            precondition(newValue >= 0, "negative limit")
            pool.withLock { $0.limit = newValue }
            trim()
        }
    }

    /// Bytes currently kept for reuse.
    public static var retainedBytes: Int { pool.withLock { $0.retainedBytes } }

    /// Returns every kept block to the system (after a burst of work, such as a training run).
    public static func releaseRetained() {
        let limit = retainedLimit
        retainedLimit = 0
        retainedLimit = limit
    }

    /// Room for `count` floats: a recycled block of the same size class, or a new one.
    static func allocate(_ count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let capacity = sizeClass(count)
        guard capacity >= smallest else { return (.allocate(capacity: capacity), capacity) }
        let recycled = pool.withLock { pool -> UInt? in
            guard let block = pool.free[capacity]?.popLast() else { return nil }
            pool.retainedBytes -= capacity * 4
            return block
        }
        return (recycled.flatMap(UnsafeMutablePointer.init(bitPattern:)) ?? .allocate(capacity: capacity), capacity)
    }

    static func recycle(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        guard capacity >= smallest else { return pointer.deallocate() }
        let address = UInt(bitPattern: pointer)
        let kept = pool.withLock { pool -> Bool in
            guard pool.retainedBytes + capacity * 4 <= pool.limit else { return false }
            pool.free[capacity, default: []].append(address)
            pool.retainedBytes += capacity * 4
            return true
        }
        if !kept { pointer.deallocate() }
    }

    private static func trim() {
        let released = pool.withLock { pool -> [UInt] in
            var released: [UInt] = []
            for capacity in pool.free.keys.sorted(by: >) where pool.retainedBytes > pool.limit {
                while pool.retainedBytes > pool.limit, let block = pool.free[capacity]?.popLast() {
                    released.append(block)
                    pool.retainedBytes -= capacity * 4
                }
            }
            return released
        }
        for address in released { UnsafeMutablePointer<Float>(bitPattern: address)!.deallocate() }
    }

    /// Sizes rounded up to four classes per power of two: at most 25 % unused, and a study of 60
    /// slices reuses the blocks of one of 64.
    static func sizeClass(_ count: Int) -> Int {
        guard count > 8 else { return Swift.max(count, 1) }
        let quarter = 1 << (Int.bitWidth - count.leadingZeroBitCount - 3)
        return (count + quarter - 1) / quarter * quarter
    }
}

/// The elements of one or more `Tensor` values (shared until one of them writes).
final class TensorStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let count: Int
    private let capacity: Int

    init(count: Int) {
        self.count = count
        (base, capacity) = TensorMemory.allocate(count)
    }

    deinit { TensorMemory.recycle(base, capacity: capacity) }
}
