import Foundation
import LightboxTestSupport
import Testing
@testable import CaseStore

@Suite struct WorklistTests {
    /// Four cases: (patient, name, accession, date, finding, probability).
    static let cases: [(String, String, String, String, String, Double)] = [
        ("P1", "Doe^Jane", "A1", "2024-01-01", "emphysema", 0.9),
        ("P2", "Roe^Rick", "A2", "2024-02-01", "normal", 0.6),
        ("P3", "Moe^Mia", "B3", "2024-03-01", "emphysema", 0.4),
        ("Q4", "Doe^John", "B4", "2024-04-01", "effusion", 0.7),
    ]

    static func store(_ folder: String) throws -> CaseStore {
        let admin = try CaseStore(path: folder + "/s.sqlite", actor: "admin")
        try admin.setRole(.reviewer, for: "rita")
        try admin.write { db in
            for (i, c) in cases.enumerated() {
                try db.execute(sql: "INSERT INTO patients (patient_id, name) VALUES (?, ?)", arguments: [c.0, c.1])
                try db.execute(sql: "INSERT INTO studies (patient_ref, study_uid, accession, study_date, imported_at) VALUES (?, ?, ?, ?, 'x')",
                               arguments: [i + 1, "uid\(i)", c.2, c.3])
                try db.execute(sql: """
                    INSERT INTO suggestions (study_ref, model_id, model_version, probabilities_json, top_label, top_probability, created_at)
                    VALUES (?, 'm', '1', '{}', ?, ?, 'x')
                    """, arguments: [i + 1, c.4, c.5])
            }
        }
        let rita = try CaseStore(path: folder + "/s.sqlite", actor: "rita")
        _ = try rita.recordReview(ReviewDraft(caseID: 2, action: .accept))
        return rita
    }

    @Test func sortFilterSearchAndCounts() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let store = try Self.store(folder)
        func ids(_ change: (inout WorklistQuery) -> Void) throws -> [String] {
            var query = WorklistQuery()
            change(&query)
            return try store.worklist(query).cases.map(\.patientID)
        }
        #expect(try ids { $0.sort = .probability; $0.descending = true } == ["P1", "Q4", "P2", "P3"])
        #expect(try ids { $0.sort = .probability; $0.limit = 2; $0.offset = 2 } == ["Q4", "P1"])
        #expect(try ids { $0.finding = "emphysema" } == ["P1", "P3"])
        #expect(try ids { $0.probability = 0.5...0.8 } == ["P2", "Q4"])
        #expect(try ids { $0.status = .reviewed } == ["P2"])
        #expect(try ids { $0.status = .pending; $0.sort = .patient; $0.descending = true } == ["Q4", "P3", "P1"])
        #expect(try ids { $0.reviewer = "rita" } == ["P2"])
        #expect(try ids { $0.dates = "2024-02-01"..."2024-03-31" } == ["P2", "P3"])
        #expect(try ids { $0.search = "doe" } == ["P1", "Q4"])
        #expect(try ids { $0.search = "B" } == ["P3", "Q4"])
        #expect(try ids { $0.search = "Q" } == ["Q4"])
        #expect(try ids { $0.sort = .status; $0.descending = true; $0.limit = 1 } == ["P2"])
        let page = try store.worklist(WorklistQuery())
        #expect(page.pending == 3 && page.reviewed == 1)
        #expect(page.cases[1].lastReviewer == "rita" && !page.cases[1].isPending)
    }
}
