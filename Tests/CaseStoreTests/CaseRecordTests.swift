import Foundation
import LightboxTestSupport
import Phantom
import Testing
@testable import CaseStore

@Suite("Reading a case")
struct CaseRecordTests {
    @Test func aCaseComesWithPatientSeriesReportSuggestionAndPreview() throws {
        let (store, folder) = try StoreFixtures.importedStore()
        defer { removeFolder(folder) }
        let study = StoreFixtures.demo.studies[0]
        var query = WorklistQuery()
        query.search = study.studyInfo.accessionNumber
        let caseID = try #require(try store.worklist(query).cases.first?.caseID)
        let record = try store.caseRecord(caseID)
        #expect(record.patient.id == study.patient.id && record.accession == study.studyInfo.accessionNumber)
        #expect(record.isSynthetic && record.series.count == 1 && record.series[0].modality == "CT")
        #expect(record.series[0].slices == study.sliceCount && record.series[0].columns == 512)
        #expect(record.reports.first?.text == study.report.text)
        let suggestion = try #require(record.suggestion)
        #expect(suggestion.probabilities.map(\.label) == [study.label.rawValue, "normal"])
        #expect(suggestion.probabilities.map(\.probability) == [0.8, 0.2])
        #expect(suggestion.keySlice == study.keySlice && suggestion.modelID == "chest-ct")
        #expect(record.reviews.isEmpty)

        let preview = try store.preview(ofSeries: record.series[0].id)
        #expect(preview.width == 256 && preview.height == 256 && preview.slices == study.sliceCount)
        // Air outside the body, soft tissue or denser in the middle of the key slice.
        let key = preview.slice(study.keySlice)
        #expect(key[key.startIndex] < -900)
        #expect(key[key.startIndex + 128 * 256 + 128] > -200)
        #expect(throws: StoreError.notFound("case #999999")) { try store.caseRecord(999_999) }
    }

    @Test func pendingIsPerReaderSoDoubleReadingWorks() throws {
        let (admin, folder) = try StoreFixtures.importedStore()
        defer { removeFolder(folder) }
        try admin.setRole(.reviewer, for: "ana")
        try admin.setRole(.trainer, for: "ben")
        let ana = try CaseStore(path: admin.path, actor: "ana")
        #expect(try ana.actorRole() == .reviewer && ana.actorRole()?.mayDecide == true)
        #expect(try admin.actorRole() == .admin && admin.actorRole()?.mayDecide == false)
        let first = try admin.worklist(WorklistQuery()).cases[0].caseID
        _ = try ana.recordReview(ReviewDraft(caseID: first, action: .reject))

        var forBen = WorklistQuery()
        forBen.reader = "ben"
        forBen.status = .pending
        let benPage = try admin.worklist(forBen)
        #expect(benPage.pending == 3 && benPage.reviewed == 0 && benPage.cases.contains { $0.caseID == first })
        #expect(benPage.cases.first { $0.caseID == first }?.reviewCount == 1)

        var forAna = forBen
        forAna.reader = "ana"
        let anaPage = try admin.worklist(forAna)
        #expect(anaPage.pending == 2 && anaPage.reviewed == 0 && !anaPage.cases.contains { $0.caseID == first })
        forAna.status = nil
        #expect(try admin.worklist(forAna).reviewed == 1)  // the counts are of what the filters let through
        forAna.status = .reviewed
        let anaDone = try admin.worklist(forAna).cases
        #expect(anaDone.map(\.caseID) == [first] && anaDone[0].readerReviewCount == 1 && !anaDone[0].isPending)
        // Without a reader, pending means nobody has read it.
        var anyone = WorklistQuery()
        anyone.status = .pending
        #expect(try admin.worklist(anyone).pending == 2)
        #expect(try admin.knownLabels().contains("normal"))
    }

    @Test func aRelativeHeatmapPathIsStoredAbsoluteWithTheHighlights() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let store = try CaseStore(path: folder + "/s.sqlite", actor: "admin")
        let study = StoreFixtures.demo.studies[1]
        try FileManager.default.createDirectory(atPath: folder + "/model", withIntermediateDirectories: true)
        let line = "{\"accession\": \"\(study.studyInfo.accessionNumber)\", \"model_id\": \"m\", \"model_version\": \"1\", "
            + "\"probabilities\": {\"normal\": 1}, \"heatmap\": \"maps/one.png\", \"highlights\": [\"grown\", \"结节\"]}"
        _ = FileManager.default.createFile(atPath: folder + "/model/s.jsonl", contents: Data(line.utf8))
        _ = try store.importData(ImportRequest(path: StoreFixtures.demo.folder + "/studies", suggestions: folder + "/model/s.jsonl"))
        var query = WorklistQuery()
        query.search = study.studyInfo.accessionNumber
        let record = try store.caseRecord(try #require(try store.worklist(query).cases.first?.caseID))
        #expect(record.suggestion?.heatmapPath == folder + "/model/maps/one.png")
        #expect(record.suggestion?.highlights == ["grown", "结节"])
    }
    @Test func aModelReadsTheSameCaseAskedForOneOrForAllUnanswered() throws {
        let (store, folder) = try StoreFixtures.importedStore()
        defer { removeFolder(folder) }
        #expect(try store.casesWithoutSuggestion(modelID: "chest-ct", version: "1.0").isEmpty)
        let unanswered = try store.casesWithoutSuggestion(modelID: "chest-ct", version: "2.0")
        #expect(unanswered.count == 3)
        for item in unanswered {
            let one = try #require(try store.inferenceInput(ofCase: item.caseID))
            #expect(one.seriesUID == item.seriesUID && one.sliceFiles == item.sliceFiles && one.report == item.report)
            #expect(!one.report.isEmpty && !one.sliceFiles.isEmpty)
        }
        #expect(try store.inferenceInput(ofCase: 999) == nil)
    }
}
