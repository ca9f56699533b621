/// Computes and stores the AI suggestion of one case, for a case opened without one.
///
/// The review screens know nothing of models: the command line builds this from a model folder and the
/// store, and the session only decides when to run it (on a background thread, one case at a time) and
/// rereads the case from the store once it reports success. Tests inject one that blocks until released.
public struct SuggestionWorker: Sendable {
    /// Why no suggestion could be stored, in words for the status line ("its DICOM series is no longer in …").
    public struct Failure: Error, Sendable, Equatable {
        public var message: String

        public init(_ message: String) {
            self.message = message
        }
    }

    /// The model as the suggestion pane names it while it runs.
    public let modelName: String
    /// Does the whole job for a case number, the store write included; called off the input thread.
    let compute: @Sendable (_ caseID: Int64) -> Result<Void, Failure>

    public init(modelName: String, compute: @escaping @Sendable (_ caseID: Int64) -> Result<Void, Failure>) {
        self.modelName = modelName
        self.compute = compute
    }
}
