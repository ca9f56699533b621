import COpenBLAS
import Dispatch
import Foundation
import Synchronization

/// How many cores the engine uses: the number of tasks its loops split their work into.
///
/// All of the engine's parallelism is its own: OpenBLAS multiplies on the calling thread (see
/// `multiplyMatrices`), and the operations that call it split their images over these threads.
/// `use(_:)` exists for a bigger machine shared with other services. Runs are reproducible bit for
/// bit, for any count: each task writes a fixed, disjoint part of the output, sums run in a fixed
/// order, and a partition that sums (the convolution's weight gradient) is fixed independently of
/// the count.
public enum ComputeThreads {
    private static let configured = Atomic<Int>(0)

    /// The number of threads in use: the value given to `use(_:)`, else the number of cores.
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        return value > 0 ? value : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Sets the thread count for the engine's loops; call it before any work starts.
    public static func use(_ count: Int) {
        precondition(count > 0, "need at least one thread")
        configured.store(count, ordering: .relaxed)
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

/// OpenBLAS told, once and before its first product, to multiply on the calling thread only. Its
/// own threads would compete for the two cores with the engine's, which already split the work
/// into one product per image (see `Graph.conv2d`), and so each task's product runs on the task's
/// own thread, beside the other task's.
private let singleThreadedBLAS: Void = openblas_set_num_threads(1)

/// `C = op(A) · op(B)`, or `C += op(A) · op(B)` when accumulating, for row-major matrices with
/// `op(A)` m×k, `op(B)` k×n and `C` m×n, on the calling thread: the one place that spells out
/// OpenBLAS's argument list.
func multiplyMatrices(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                      m: Int, n: Int, k: Int, transposingA: Bool = false, transposingB: Bool = false, accumulate: Bool = false) {
    _ = singleThreadedBLAS
    cblas_sgemm(CblasRowMajor, transposingA ? CblasTrans : CblasNoTrans, transposingB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(transposingA ? m : k), b, Int32(transposingB ? k : n),
                accumulate ? 1 : 0, c, Int32(n))
}
