import Foundation
import LightboxTestSupport
import Testing
@testable import CaseStore

/// A CSV export with no decisions is still a CSV file: its header row and nothing else.
@Suite struct EmptyExportTests {
    @Test func emptyCSVExportIsTheHeaderRowAlone() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let (admin, rita, caseID, suggestionID) = try ReviewTests.smallStore(folder)

        let empty = try admin.exportDecisions(ExportOptions(format: .csv))
        #expect(empty.rowCount == 0)
        #expect(empty.text.hasPrefix("review_id,patient_id,patient_name,study_uid,accession,study_date,reviewed_at,model_id,"))
        #expect(empty.text.hasSuffix(",is_current\r\n"))
        #expect(empty.text.components(separatedBy: "\r\n").count == 2, "one line, ended by CRLF")

        let emptyDeidentified = try admin.exportDecisions(ExportOptions(format: .csv, deidentify: true))
        #expect(emptyDeidentified.text.hasPrefix("review_id,patient,study,accession,study_day,reviewed_day,model_id,"))
        #expect(emptyDeidentified.text.components(separatedBy: "\r\n").count == 2)

        // The header of an empty export is the header rows get.
        _ = try rita.recordReview(ReviewDraft(caseID: caseID, suggestionID: suggestionID, action: .accept))
        let full = try admin.exportDecisions(ExportOptions(format: .csv))
        let fullDeidentified = try admin.exportDecisions(ExportOptions(format: .csv, deidentify: true))
        #expect(full.rowCount == 1)
        #expect(full.text.hasPrefix(empty.text))
        #expect(fullDeidentified.text.hasPrefix(emptyDeidentified.text))

        // A filter that leaves nothing gives the same header, and JSON lines stay empty.
        let none = try admin.exportDecisions(ExportOptions(format: .csv, since: "2999-01-01"))
        #expect(none.rowCount == 0 && none.text == empty.text)
        #expect(try admin.exportDecisions(ExportOptions(format: .jsonl, since: "2999-01-01")).text == "")
    }
}
