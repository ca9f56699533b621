import Foundation
import LightboxTestSupport
import Testing
@testable import CaseStore

@Suite struct ExportTests {
    @Test func rowsSideBySideAndDeidentification() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let (admin, rita, caseID, suggestionID) = try ReviewTests.smallStore(folder)
        try admin.setRole(.trainer, for: "tom")
        let first = try rita.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestionID, action: .accept,
                                                      difficulty: 3, note: "clear, \"obvious\"", secondsSpent: 12.5))
        _ = try rita.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestionID, action: .correct,
                                              label: "ground_glass", locationSlice: 7, supersedes: first.id))
        let tom = try CaseStore(path: folder + "/store.sqlite", actor: "tom")

        let csv = try tom.exportDecisions(ExportOptions(format: .csv))
        #expect(csv.rowCount == 2)
        let lines = csv.text.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("review_id,patient_id,patient_name,study_uid,accession,study_date,reviewed_at,model_id"))
        #expect(lines[1].contains(",emphysema,0.9,accept,,emphysema,,3,\"clear, \"\"obvious\"\"\",12.5,rita,reviewer,,0"))
        #expect(lines[2].contains(",emphysema,0.9,correct,ground_glass,ground_glass,7,,,,rita,reviewer,1,1"))

        let jsonl = try tom.exportDecisions(ExportOptions(format: .jsonl, deidentify: true))
        let again = try tom.exportDecisions(ExportOptions(format: .jsonl, deidentify: true))
        #expect(jsonl.text == again.text)
        for secret in ["P1", "Doe", "Jane", "A1", "\"1.2\"", "2024"] { #expect(!jsonl.text.contains(secret), "\(secret) leaked") }
        let object = try JSONSerialization.jsonObject(with: Data(jsonl.text.split(separator: "\n")[0].utf8)) as! [String: Any]
        #expect((object["patient"] as? String)?.hasPrefix("P-") == true)
        #expect(object["study_day"] as? Int == 0)
        #expect(object["ai_probability"] as? Double == 0.9)

        let none = try tom.exportDecisions(ExportOptions(format: .csv, since: "2999-01-01"))
        #expect(none.rowCount == 0)
        #expect(try tom.auditEntries().filter { $0.action == "export" }.count == 4)
        #expect(throws: StoreError.refused(user: "rita", role: .reviewer, action: "export decisions")) {
            try rita.exportDecisions(ExportOptions(format: .csv))
        }
    }
}
