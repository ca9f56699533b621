import CaseStore
import Foundation
import Imaging
import LightboxTestSupport
import Phantom
import PhantomDICOM

/// Three phantom studies written as DICOM with their reports, a suggestions file made for the tests
/// (fixed probabilities, not a model's: the screens must not care where suggestions come from), and a
/// heatmap over the first study's key slice; imported once into a template store by an admin, with the
/// OS user running the tests as a reviewer. Each test works on its own copy of the store.
enum ReviewFixture {
    struct Data: Sendable {
        let folder: String
        let template: String
        let studies: [PhantomStudy]
        /// Case numbers in the worklist's default order (study date).
        let caseOrder: [Int64]
    }

    static let labels = PhantomLabel.allCases.map(\.rawValue)

    static let data: Data = {
        let folder = makeTemporaryFolder("review-fixture")
        let studies = try! DemoDataset.generate(count: 3, seed: 11, into: folder)
        let heatmap = folder + "/heatmap.png"
        let size = 64
        let blob = (0..<size * size).flatMap { i -> [UInt8] in
            let dx = Double(i % size - 40), dy = Double(i / size - 28)
            let v = UInt8(255 * exp(-(dx * dx + dy * dy) / 60))
            return [v, v, v]
        }
        try! PNGCodec.writeRGB(blob, width: size, height: size, to: heatmap)
        var lines = ""
        for (index, study) in studies.enumerated() {
            let top = labels[(index + 2) % labels.count]
            let probabilities = labels.map { "\"\($0)\": \($0 == top ? 0.7 : 0.06)" }.joined(separator: ", ")
            lines += "{\"accession\": \"\(study.studyInfo.accessionNumber)\", \"model_id\": \"test-fixture\", "
                + "\"model_version\": \"1\", \"probabilities\": {\(probabilities)}, \"key_slice\": \(study.keySlice)"
                + (index == 0 ? ", \"heatmap\": \"heatmap.png\"}\n" : "}\n")
        }
        try! lines.write(toFile: folder + "/suggestions.jsonl", atomically: true, encoding: .utf8)
        let template = folder + "/template.sqlite"
        let admin = try! CaseStore(path: template, actor: "lbx-test-admin")
        _ = try! admin.importData(ImportRequest(path: folder + "/studies", reports: folder + "/reports",
                                                suggestions: folder + "/suggestions.jsonl"))
        try! admin.setRole(.reviewer, for: OSUser.current)
        var query = WorklistQuery()
        query.limit = 10
        let order = try! admin.worklist(query).cases.map(\.caseID)
        return Data(folder: folder, template: template, studies: studies, caseOrder: order)
    }()

    /// A fresh copy of the template store in `folder`, made with SQLite's backup so the WAL is included.
    static func store(in folder: String) -> String {
        let path = folder + "/store.sqlite"
        let copy = runProcess("sqlite3", [data.template, ".backup '\(path)'"])
        precondition(copy.status == 0, "sqlite3 .backup failed: \(copy.output)")
        return path
    }
}
