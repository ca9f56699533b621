/// What the suggestion pane says about an open case the store has no suggestion for, so the reader can
/// tell "there will be none" from "it is on its way" and from "it could not be made".
enum MissingSuggestion: Equatable, Sendable {
    /// No model is configured, or the reader's role does not run one.
    case none
    /// The model is running on this case.
    case computing(model: String)
    /// The model is busy with another case; this one is next while it stays open.
    case waiting(behind: Int64)
    /// The model ran and could not make one (its series is unreadable, …); it is not tried again this session.
    case failed(String)

    func text(unicode: Bool) -> String {
        switch self {
        case .none: "none stored for this case"
        case let .computing(model): "computing AI suggestion\(unicode ? "…" : "...") (\(model))"
        case let .waiting(caseID): "waiting: the model is busy with case #\(caseID)"
        case let .failed(problem): "not computed: \(problem)"
        }
    }
}
