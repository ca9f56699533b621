import Foundation
import LightboxTestSupport
import Testing
@testable import CaseStore

@Suite("Reviewed cases for fine-tuning")
struct ReviewedCasesTests {
    /// The label a case teaches is the newest decision nobody superseded: an accepted suggestion's
    /// finding, a correction's label; a bare rejection teaches nothing.
    @Test func eachCaseTeachesTheLabelItsReadersSettledOn() throws {
        let (admin, folder) = try StoreFixtures.importedStore()
        defer { removeFolder(folder) }
        try admin.setRole(.reviewer, for: "ana")
        try admin.setRole(.trainer, for: "ben")
        let ana = try CaseStore(path: admin.path, actor: "ana"), ben = try CaseStore(path: admin.path, actor: "ben")
        let cases = try admin.worklist(WorklistQuery()).cases.map(\.caseID).sorted()
        #expect(try admin.reviewedCases().isEmpty)

        let accepted = try admin.caseRecord(cases[0]).suggestion
        _ = try ana.recordReview(ReviewDraft(caseID: cases[0], suggestionID: accepted?.id, action: .accept))
        // Ana corrects case 2, then changes her mind; Ben reads it after her and says ground glass.
        let first = try ana.recordReview(ReviewDraft(caseID: cases[1], action: .correct, label: "benign_nodule"))
        _ = try ana.recordReview(ReviewDraft(caseID: cases[1], action: .correct, label: "suspicious_nodule", supersedes: first.id))
        _ = try ben.recordReview(ReviewDraft(caseID: cases[1], action: .correct, label: "ground_glass"))
        _ = try ana.recordReview(ReviewDraft(caseID: cases[2], action: .reject))

        let reviewed = try admin.reviewedCases()
        #expect(reviewed.map(\.caseID) == [cases[0], cases[1]])
        #expect(reviewed[0].label == accepted?.topLabel && reviewed[0].suggestedLabel == accepted?.topLabel)
        #expect(reviewed[1].label == "ground_glass" && reviewed[1].reviewer == "ben" && reviewed[1].suggestedLabel == nil)
        #expect(reviewed.allSatisfy { !$0.sliceFiles.isEmpty && !$0.seriesUID.isEmpty && !$0.report.isEmpty })
        #expect(reviewed.allSatisfy { FileManager.default.fileExists(atPath: $0.sliceFiles[0]) })
    }
}
