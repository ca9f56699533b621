/// Which case the model works on during a review session: one at a time, each case at most once.
///
/// There is no queue. The session asks for the case on screen when it opens and again whenever the
/// model becomes free, so a case the reader opened and left while the model was busy is not computed
/// behind their back, and the one they are looking at is always next. A case is tried once per session:
/// a failure (an unreadable series) would fail again, and retrying at every poll would keep a core busy.
struct SuggestionRunner {
    let worker: SuggestionWorker
    private(set) var job: SuggestionJob?
    private var tried: Set<Int64> = []
    private var failures: [Int64: String] = [:]

    init(worker: SuggestionWorker) {
        self.worker = worker
    }

    /// Starts the model on `caseID` unless it is busy or has tried that case; true when it started.
    mutating func request(_ caseID: Int64) -> Bool {
        guard job == nil, !tried.contains(caseID) else { return false }
        tried.insert(caseID)
        job = SuggestionJob.start(worker, caseID: caseID)
        return true
    }

    /// The finished computation, handed over once; nil while the model runs or when it is idle.
    mutating func collect() -> (caseID: Int64, result: Result<Void, SuggestionWorker.Failure>)? {
        guard let job, let result = job.result else { return nil }
        self.job = nil
        if case let .failure(failure) = result { failures[job.caseID] = failure.message }
        return (job.caseID, result)
    }

    /// What the suggestion pane says about `caseID` while the store has no suggestion for it.
    func state(of caseID: Int64) -> MissingSuggestion {
        if let problem = failures[caseID] { return .failed(problem) }
        guard let job else { return .none }
        return job.caseID == caseID ? .computing(model: worker.modelName) : .waiting(behind: job.caseID)
    }

    /// Gives a running computation up to `limit` to finish (so a quit right after opening a case keeps its
    /// suggestion); after that it is left to the end of the process. That is safe for the store: the
    /// suggestion and its audit entry are one transaction, which SQLite commits whole or not at all.
    func finish(atMost limit: Duration) {
        job?.wait(atMost: limit)
    }
}
