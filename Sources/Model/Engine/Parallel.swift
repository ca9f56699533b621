import COpenBLAS
import Dispatch
import Foundation
import Synchronization

/// How many cores the engine uses, for OpenBLAS's threads and for the engine's own loops alike.
///
/// OpenBLAS starts with one thread per core (or `OPENBLAS_NUM_THREADS`), which on the two-core
/// server is what we want; `use(_:)` exists for a bigger machine shared with other services.
/// Runs are reproducible bit for bit for a given count: the engine's loops give each task a
/// fixed, disjoint part of the output, summed in a fixed order, and OpenBLAS partitions a product
/// the same way each time. Across counts the last bits can differ (OpenBLAS picks other kernels
/// for other partitions; measured), so results to be compared bit for bit need the same count.
public enum ComputeThreads {
    private static let configured = Atomic<Int>(0)

    /// The number of threads in use: the value given to `use(_:)`, else the number of cores.
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        return value > 0 ? value : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Sets the thread count for OpenBLAS and the engine's loops; call it before any work starts.
    public static func use(_ count: Int) {
        precondition(count > 0, "need at least one thread")
        configured.store(count, ordering: .relaxed)
        openblas_set_num_threads(Int32(count))
    }
}

/// Runs `body` over `0..<count` in contiguous ranges, in parallel when the work (`count` ×
/// `costPerItem`, in rough element operations) pays for waking the threads. Each item must write
/// only its own part of the output, which keeps the result independent of the scheduling.
func parallelRanges(_ count: Int, costPerItem: Int, _ body: (Range<Int>) -> Void) {
    let threads = ComputeThreads.count
    guard threads > 1, count > 1, count * costPerItem >= 1 << 16 else {
        if count > 0 { body(0..<count) }
        return
    }
    // A few tasks per thread even out items of unequal cost.
    let taskCount = min(count, threads * 4)
    // Dispatch wants a sendable closure; `body` writes disjoint parts of its output, which is
    // the promise the unchecked wrapper stands for.
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: taskCount) { task in
            shared.value(task * count / taskCount ..< (task + 1) * count / taskCount)
        }
    }
}

private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// `C = op(A) · op(B)`, or `C += op(A) · op(B)` when accumulating, for row-major matrices with
/// `op(A)` m×k, `op(B)` k×n and `C` m×n: the one place that spells out OpenBLAS's argument list.
func multiplyMatrices(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                      m: Int, n: Int, k: Int, transposingA: Bool = false, transposingB: Bool = false, accumulate: Bool = false) {
    cblas_sgemm(CblasRowMajor, transposingA ? CblasTrans : CblasNoTrans, transposingB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(transposingA ? m : k), b, Int32(transposingB ? k : n),
                accumulate ? 1 : 0, c, Int32(n))
}
