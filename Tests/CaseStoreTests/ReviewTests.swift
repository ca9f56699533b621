import Foundation
import GRDB
import LightboxTestSupport
import Testing
@testable import CaseStore

@Suite struct ReviewTests {
    /// A store with one case and one suggestion made directly, and a reviewer named "rita".
    static func smallStore(_ folder: String) throws -> (admin: CaseStore, rita: CaseStore, caseID: Int64, suggestionID: Int64) {
        let path = folder + "/store.sqlite"
        let admin = try CaseStore(path: path, actor: "admin")
        try admin.setRole(.reviewer, for: "rita")
        let (caseID, suggestionID) = try admin.write { db -> (Int64, Int64) in
            try db.execute(sql: "INSERT INTO patients (patient_id, name) VALUES ('P1', 'Doe^Jane')")
            try db.execute(sql: "INSERT INTO studies (patient_ref, study_uid, accession, study_date, imported_at) VALUES (1, '1.2', 'A1', '2024-01-02', 'now')")
            try db.execute(sql: """
                INSERT INTO suggestions (study_ref, model_id, model_version, probabilities_json, top_label, top_probability, created_at)
                VALUES (1, 'm', '1', '{}', 'emphysema', 0.9, 'now')
                """)
            return (1, 1)
        }
        return (admin, try CaseStore(path: path, actor: "rita"), caseID, suggestionID)
    }

    @Test func reviewsAreAppendOnly() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let (_, rita, caseID, suggestionID) = try Self.smallStore(folder)
        _ = try rita.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestionID, action: .accept))
        #expect(throws: DatabaseError.self) { try rita.pool.write { try $0.execute(sql: "UPDATE reviews SET action = 'reject'") } }
        #expect(throws: DatabaseError.self) { try rita.pool.write { try $0.execute(sql: "DELETE FROM reviews") } }
        #expect(throws: DatabaseError.self) { try rita.pool.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'x'") } }
        #expect(throws: DatabaseError.self) { try rita.pool.write { try $0.execute(sql: "DELETE FROM audit_log") } }
        #expect(try rita.reviews(ofCase: caseID).map(\.draft.action) == [.accept])
    }

    @Test func aCorrectionSupersedesAndStatusIsDerived() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let (admin, rita, caseID, suggestionID) = try Self.smallStore(folder)
        #expect(try rita.status(ofCase: caseID) == .pending)
        let first = try rita.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestionID, action: .accept, difficulty: 2))
        guard case .reviewed(let latest) = try rita.status(ofCase: caseID) else { Issue.record("not reviewed"); return }
        #expect(latest == [first])
        let correction = try rita.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestionID, action: .correct,
                                                           label: "ground_glass", locationSlice: 12, supersedes: first.id))
        #expect(correction.draft.supersedes == first.id)
        #expect(correction.reviewer == "rita" && correction.role == .reviewer)
        #expect(try rita.status(ofCase: caseID) == .reviewed(latest: [correction]))
        #expect(try rita.reviews(ofCase: caseID) == [first, correction])
        let actions = try admin.auditEntries().map(\.action)
        #expect(actions.suffix(2) == ["review.create", "review.correct"])
        #expect(throws: StoreError.invalid("a correction needs the right label")) {
            try rita.recordReview(ReviewDraft(caseID: caseID, action: .correct))
        }
        #expect(throws: StoreError.notFound("review #99 of case #1")) {
            try rita.recordReview(ReviewDraft(caseID: caseID, action: .reject, supersedes: 99))
        }
    }

    @Test func rolesRefuseWhatTheyShould() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let (admin, rita, caseID, _) = try Self.smallStore(folder)
        let path = folder + "/store.sqlite"
        try admin.setRole(.viewer, for: "val")
        let val = try CaseStore(path: path, actor: "val")
        let stranger = try CaseStore(path: path, actor: "stranger")
        #expect(throws: StoreError.refused(user: "val", role: .viewer, action: "record reviews")) {
            try val.recordReview(ReviewDraft(caseID: caseID, action: .accept))
        }
        #expect(throws: StoreError.refused(user: "rita", role: .reviewer, action: "import data")) {
            try rita.importData(ImportRequest(path: folder))
        }
        #expect(throws: StoreError.refused(user: "rita", role: .reviewer, action: "manage users")) {
            try rita.setRole(.admin, for: "rita")
        }
        // A model's suggestion is stored by whoever opened the case without one, but never by a viewer.
        let computed = ModelSuggestion(modelID: "m", modelVersion: "2", probabilities: ["emphysema": 0.6, "normal": 0.4])
        #expect(throws: StoreError.refused(user: "val", role: .viewer, action: "store a model's suggestion")) {
            try val.addSuggestion(computed, toCase: caseID)
        }
        #expect(try rita.addSuggestion(computed, toCase: caseID))
        #expect(try !rita.addSuggestion(computed, toCase: caseID))
        #expect(throws: StoreError.refused(user: "stranger", role: nil, action: "record reviews")) {
            try stranger.recordReview(ReviewDraft(caseID: caseID, action: .accept))
        }
        #expect(throws: StoreError.refused(user: "admin", role: .admin, action: "record reviews")) {
            try admin.recordReview(ReviewDraft(caseID: caseID, action: .accept))
        }
        #expect(StoreError.refused(user: "val", role: .viewer, action: "record reviews").description
            == "refused: val is a viewer, and a viewer may not record reviews")
        #expect(throws: StoreError.invalid("admin is the only admin; make someone else admin first")) {
            try admin.setRole(.viewer, for: "admin")
        }
    }

    @Test func firstUserBecomesAdminAndIsAudited() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let notices = Notices()
        let store = try CaseStore(path: folder + "/s.sqlite", actor: "first", notice: notices.add)
        try store.setRole(.reviewer, for: "second")
        #expect(try store.users().map(\.name) == ["first", "second"])
        #expect(try store.users().map(\.role) == [.admin, .reviewer])
        #expect(try store.auditEntries().map(\.action) == ["user.bootstrap", "user.create"])
        #expect(notices.all == ["first is the first user of this store and is now its admin"])
    }

    @Test func twoPoolsRecordingAtTheSameTimeBothSucceed() async throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let (_, _, caseID, suggestionID) = try Self.smallStore(folder)
        let perWriter = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                // Each writer has its own pool, as two processes would.
                let store = try CaseStore(path: folder + "/store.sqlite", actor: "rita")
                group.addTask {
                    for _ in 0..<perWriter {
                        _ = try store.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestionID, action: .accept))
                    }
                }
            }
            try await group.waitForAll()
        }
        let store = try CaseStore(path: folder + "/store.sqlite", actor: "rita")
        #expect(try store.reviews(ofCase: caseID).count == 2 * perWriter)
        #expect(try store.verifyAudit().isIntact)
    }
}

/// Collects notices from the store.
final class Notices: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    func add(_ line: String) { lock.withLock { lines.append(line) } }
}
