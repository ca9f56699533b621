import Foundation
import Synchronization

/// One run of a `SuggestionWorker` on a thread of its own, and the box its result lands in.
///
/// The screens stay single-threaded: the input loop looks into the box at every input timeout (the
/// terminal wakes it every 100 ms) instead of being called back, so no screen state is ever touched from
/// the worker's thread, and keys keep working however long the model takes.
final class SuggestionJob: Sendable {
    let caseID: Int64
    private let outcome = Mutex<Result<Void, SuggestionWorker.Failure>?>(nil)

    private init(caseID: Int64) {
        self.caseID = caseID
    }

    /// Starts `worker` on `caseID` and returns at once.
    static func start(_ worker: SuggestionWorker, caseID: Int64) -> SuggestionJob {
        let job = SuggestionJob(caseID: caseID)
        Thread.detachNewThread {
            let result = worker.compute(caseID)
            job.outcome.withLock { $0 = result }
        }
        return job
    }

    /// Nil while the worker runs.
    var result: Result<Void, SuggestionWorker.Failure>? {
        outcome.withLock { $0 }
    }

    /// Waits until the worker is done, but no longer than `limit`.
    func wait(atMost limit: Duration) {
        let deadline = ContinuousClock.now + limit
        while result == nil, ContinuousClock.now < deadline { usleep(10_000) }
    }
}
