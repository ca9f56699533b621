import GRDB

/// What a reviewer did with a suggestion.
public enum ReviewAction: String, Sendable, CaseIterable, Codable {
    /// The AI's finding is right.
    case accept
    /// The AI's finding is wrong and there is nothing to label instead (e.g. a false positive).
    case reject
    /// The AI's finding is wrong and the reviewer gives the right label.
    case correct
}

/// A decision as the UI hands it in; the store adds reviewer, role and time.
public struct ReviewDraft: Sendable, Equatable {
    public var caseID: Int64
    public var suggestionID: Int64?
    public var action: ReviewAction
    public var label: String?
    public var locationSlice: Int?
    public var difficulty: Int?
    public var note: String?
    public var secondsSpent: Double?
    /// The earlier review this one corrects; the earlier row stays as it was.
    public var supersedes: Int64?

    public init(caseID: Int64, suggestionID: Int64? = nil, action: ReviewAction, label: String? = nil,
                locationSlice: Int? = nil, difficulty: Int? = nil, note: String? = nil, secondsSpent: Double? = nil,
                supersedes: Int64? = nil) {
        self.caseID = caseID; self.suggestionID = suggestionID; self.action = action; self.label = label
        self.locationSlice = locationSlice; self.difficulty = difficulty; self.note = note
        self.secondsSpent = secondsSpent; self.supersedes = supersedes
    }
}

/// A stored decision. Rows are never changed: a correction is a new review.
public struct Review: Sendable, Equatable {
    public var id: Int64
    public var draft: ReviewDraft
    public var reviewer: String
    public var role: Role
    public var createdAt: String

    init(row: Row) {
        id = row["id"]
        draft = ReviewDraft(caseID: row["study_ref"], suggestionID: row["suggestion_ref"],
                            action: ReviewAction(rawValue: row["action"]) ?? .reject, label: row["label"],
                            locationSlice: row["location_slice"], difficulty: row["difficulty"], note: row["note"],
                            secondsSpent: row["seconds_spent"], supersedes: row["supersedes_ref"])
        reviewer = row["reviewer"]
        role = Role(rawValue: row["role"]) ?? .viewer
        createdAt = row["created_at"]
    }
}

/// Where a case stands, derived from the reviews every time it is asked, never stored:
/// a stored status could disagree with the append-only history it summarises.
public enum CaseStatus: Sendable, Equatable {
    case pending
    /// The latest review of each reviewer, by reviewer name.
    case reviewed(latest: [Review])
}
