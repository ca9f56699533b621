import Foundation
import LightboxTestSupport
import PhantomDICOM
import Testing
@testable import CaseStore

@Suite struct ImportTests {
    @Test func importsStudiesReportsAndSuggestions() throws {
        let (store, folder) = try StoreFixtures.importedStore()
        defer { removeFolder(folder) }
        for table in ["patients", "studies", "series", "reports", "suggestions"] {
            #expect(try StoreFixtures.count(store, table) == 3, "\(table)")
        }
        let study = StoreFixtures.demo.studies[0]
        let row = try store.read { db in
            try rowValues(db, "SELECT s.slices, s.is_synthetic, s.preview_width, s.preview_height, length(s.preview) AS bytes, s.geometry_json, "
                + "s.window_width, st.study_date, r.language FROM series s JOIN studies st ON st.id = s.study_ref "
                + "JOIN reports r ON r.study_ref = st.id WHERE st.accession = '\(study.studyInfo.accessionNumber)'")
        }
        #expect(row["slices"] as? Int64 == Int64(study.sliceCount))
        #expect(row["is_synthetic"] as? Int64 == 1)
        #expect(row["preview_width"] as? Int64 == 256)
        #expect(row["bytes"] as? Int64 == Int64(study.sliceCount * 256 * 256 * 2))
        #expect(row["window_width"] != nil)
        #expect(row["language"] as? String == study.report.language.rawValue)
        // The file of every slice is kept, in slice order, so full-resolution pixels can be read again.
        let geometry = try JSONDecoder().decode(GeometryDetails.self, from: Data((row["geometry_json"] as? String ?? "").utf8))
        #expect(geometry.sliceFiles.count == study.sliceCount)
        #expect(geometry.sliceFiles.first?.hasSuffix("/studies/\(study.patient.id)/IM00001.dcm") == true)

        let again = try store.importData(ImportRequest(path: StoreFixtures.demo.folder + "/studies",
                                                       reports: StoreFixtures.demo.folder + "/reports",
                                                       suggestions: folder + "/suggestions.jsonl"))
        #expect(again.imported == ImportSummary.Counts())
        #expect(again.duplicates.series == 3 && again.duplicates.reports == 3 && again.duplicates.suggestions == 3)
        for table in ["patients", "studies", "series", "reports", "suggestions"] {
            #expect(try StoreFixtures.count(store, table) == 3, "\(table) after re-import")
        }
    }

    @Test func badInputIsNamedAndTheRestImports() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let demo = StoreFixtures.demo
        // A copy of the demo with one broken DICOM file and one report that is not UTF-8.
        try FileManager.default.copyItem(atPath: demo.folder, toPath: folder + "/data")
        _ = FileManager.default.createFile(atPath: folder + "/data/studies/broken.dcm", contents: Data(repeating: 7, count: 300))
        let badReport = folder + "/data/reports/" + demo.studies[1].studyInfo.accessionNumber + ".txt"
        _ = FileManager.default.createFile(atPath: badReport, contents: Data([0x52, 0xFF, 0xFE, 0x20]))
        StoreFixtures.writeSuggestions(to: folder + "/s.jsonl", extraLines: [
            "{\"accession\": \"NO-SUCH\", \"model_id\": \"m\", \"model_version\": \"1\", \"probabilities\": {\"normal\": 1}}",
            "{not json",
        ])
        let store = try CaseStore(path: folder + "/store.sqlite", actor: "admin")
        let summary = try store.importData(ImportRequest(path: folder + "/data/studies", reports: folder + "/data/reports",
                                                         suggestions: folder + "/s.jsonl"))
        #expect(summary.imported.series == 3)
        #expect(summary.imported.reports == 2)
        #expect(summary.imported.suggestions == 3)
        let messages = summary.skipped.map(\.description)
        #expect(messages.contains { $0.hasPrefix(folder + "/data/studies/broken.dcm") })
        #expect(messages.contains { $0.hasPrefix(badReport) && $0.contains("UTF-8") })
        #expect(messages.contains("\(folder)/s.jsonl:4: no case with this accession or study UID in the store"))
        #expect(messages.contains("\(folder)/s.jsonl:5: malformed JSON"))
        #expect(summary.skipped.count == 4)
    }

    @Test func reportsFromACSVManifest() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let store = try CaseStore(path: folder + "/store.sqlite", actor: "admin")
        let study = StoreFixtures.demo.studies[0]
        let csv = "accession,text,language\n\(study.studyInfo.accessionNumber),\"Line one, with comma\nline \"\"two\"\"\",en\nNOPE,x,en\n"
        _ = FileManager.default.createFile(atPath: folder + "/r.csv", contents: Data(csv.utf8))
        let summary = try store.importData(ImportRequest(path: StoreFixtures.demo.folder + "/studies", reports: folder + "/r.csv"))
        #expect(summary.imported.reports == 1)
        #expect(summary.skipped.map(\.description) == ["\(folder)/r.csv:4: no case with this accession or study UID in the store"])
        let text = try store.read { db in try String.fetchOne(db, sql: "SELECT text FROM reports") }
        #expect(text == "Line one, with comma\nline \"two\"")
    }
}

import GRDB

/// One row as a dictionary of Swift values, for compact expectations.
func rowValues(_ db: Database, _ sql: String) throws -> [String: Any] {
    let row = try Row.fetchOne(db, sql: sql)!
    var values: [String: Any] = [:]
    for (column, value) in row { values[column] = value.storage.value }
    return values
}
