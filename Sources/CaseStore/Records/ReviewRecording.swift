import GRDB

extension CaseStore {
    /// Stores a decision and its audit entry in one transaction and returns only after the
    /// commit, so the UI may say "saved" when this returns and not before.
    public func recordReview(_ draft: ReviewDraft) throws(StoreError) -> Review {
        try validate(draft)
        return try write { db in
            let role = try authorize(db, .review)
            try checkReferences(db, draft)
            try db.execute(sql: """
                INSERT INTO reviews (study_ref, suggestion_ref, supersedes_ref, reviewer, role, action, label,
                                     location_slice, difficulty, note, seconds_spent, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [draft.caseID, draft.suggestionID, draft.supersedes, actor, role.rawValue,
                                 draft.action.rawValue, draft.label, draft.locationSlice, draft.difficulty, draft.note,
                                 draft.secondsSpent, now])
            let id = db.lastInsertedRowID
            var details = ["case": String(draft.caseID), "action": draft.action.rawValue]
            details["label"] = draft.label
            details["suggestion"] = draft.suggestionID.map(String.init)
            details["supersedes"] = draft.supersedes.map(String.init)
            try AuditLog.append(db, store: self, action: draft.supersedes == nil ? "review.create" : "review.correct",
                                objectType: "review", objectID: String(id), details: details)
            return Review(row: try Row.fetchOne(db, sql: "SELECT * FROM reviews WHERE id = ?", arguments: [id])!)
        }
    }

    /// Every review of a case, oldest first, superseded ones included.
    public func reviews(ofCase caseID: Int64) throws(StoreError) -> [Review] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reviews WHERE study_ref = ? ORDER BY id", arguments: [caseID])
                .map(Review.init(row:))
        }
    }

    /// Pending when nobody has reviewed the case; else the latest review of each reviewer.
    public func status(ofCase caseID: Int64) throws(StoreError) -> CaseStatus {
        let all = try reviews(ofCase: caseID)
        guard !all.isEmpty else { return .pending }
        var latest: [String: Review] = [:]
        for review in all { latest[review.reviewer] = review }
        return .reviewed(latest: latest.values.sorted { $0.reviewer < $1.reviewer })
    }

    private func validate(_ draft: ReviewDraft) throws(StoreError) {
        if draft.action == .correct, (draft.label ?? "").isEmpty {
            throw .invalid("a correction needs the right label")
        }
        if let difficulty = draft.difficulty, !(1...5).contains(difficulty) {
            throw .invalid("difficulty must be between 1 and 5, not \(difficulty)")
        }
        if let slice = draft.locationSlice, slice < 0 { throw .invalid("the location slice cannot be negative") }
        if let seconds = draft.secondsSpent, seconds < 0 { throw .invalid("seconds spent cannot be negative") }
    }

    /// The case exists, and the suggestion and superseded review belong to it.
    private func checkReferences(_ db: Database, _ draft: ReviewDraft) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM studies WHERE id = ?", arguments: [draft.caseID]) != nil else {
            throw StoreError.notFound("case #\(draft.caseID)")
        }
        if let suggestion = draft.suggestionID,
           try Int64.fetchOne(db, sql: "SELECT study_ref FROM suggestions WHERE id = ?", arguments: [suggestion]) != draft.caseID {
            throw StoreError.notFound("suggestion #\(suggestion) of case #\(draft.caseID)")
        }
        if let earlier = draft.supersedes,
           try Int64.fetchOne(db, sql: "SELECT study_ref FROM reviews WHERE id = ?", arguments: [earlier]) != draft.caseID {
            throw StoreError.notFound("review #\(earlier) of case #\(draft.caseID)")
        }
    }
}
