import Foundation
import LightboxTestSupport
import Phantom
import PhantomDICOM
@testable import CaseStore

/// Real data for the store tests: small phantom studies written as DICOM with their reports.
enum StoreFixtures {
    /// Three demo studies written once (studies/, reports/, manifest.jsonl), shared read-only.
    static let demo: (folder: String, studies: [PhantomStudy]) = {
        let folder = makeTemporaryFolder("store-demo")
        let studies = try! DemoDataset.generate(count: 3, seed: 7, into: folder)
        return (folder, studies)
    }()

    /// A suggestions file naming each demo study by accession.
    static func writeSuggestions(to path: String, extraLines: [String] = []) {
        let lines = demo.studies.map { study in
            "{\"accession\": \"\(study.studyInfo.accessionNumber)\", \"model_id\": \"chest-ct\", \"model_version\": \"1.0\", "
                + "\"probabilities\": {\"\(study.label.rawValue)\": 0.8, \"normal\": 0.2}, \"key_slice\": \(study.keySlice)}"
        } + extraLines
        _ = FileManager.default.createFile(atPath: path, contents: Data(lines.joined(separator: "\n").utf8))
    }

    /// A store with the demo imported by `admin`, in a fresh folder; returns the store and folder.
    static func importedStore(_ name: String = #function) throws -> (CaseStore, String) {
        let folder = makeTemporaryFolder(name)
        let store = try CaseStore(path: folder + "/store.sqlite", actor: "admin")
        writeSuggestions(to: folder + "/suggestions.jsonl")
        _ = try store.importData(ImportRequest(path: demo.folder + "/studies", reports: demo.folder + "/reports",
                                               suggestions: folder + "/suggestions.jsonl"))
        return (store, folder)
    }

    static func count(_ store: CaseStore, _ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")! }
    }
}
