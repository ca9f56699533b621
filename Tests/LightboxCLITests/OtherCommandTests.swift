import Foundation
import Imaging
import LightboxTestSupport
import Phantom
import Testing

@Suite("lightbox info, convert, demo, help")
struct OtherCommandTests {
    @Test("info shows the tree with geometry, the synthetic mark, and skipped files")
    func info_treeAndSkipped() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let phantom = Fixtures.phantom
        for name in try FileManager.default.contentsOfDirectory(atPath: phantom.folder).prefix(5) {
            try FileManager.default.copyItem(atPath: phantom.folder + "/" + name, toPath: folder + "/" + name)
        }
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let result = Fixtures.lightbox("info", folder)
        #expect(result.status == 0)
        let text = result.text
        #expect(text.contains("Patient \(phantom.study.patient.id)  \(phantom.study.patient.name)"))
        #expect(text.contains("accession \(phantom.study.studyInfo.accessionNumber)"))
        #expect(text.contains("512x512x5 axial"))
        #expect(text.contains("[synthetic — not for clinical use]"))
        #expect(text.contains("Skipped 1 file:\n  \(folder)/notes.txt: not a DICOM file (no DICM preamble)"))
    }

    @Test("info on a folder with nothing usable fails with code 65")
    func info_nothingUsable() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        try Data([0, 1, 2]).write(to: URL(fileURLWithPath: folder + "/x.dcm"))
        let result = Fixtures.lightbox("info", folder)
        #expect(result.status == 65)
        #expect(result.stderr == "lightbox: \(folder): no usable DICOM image found\n")
    }

    @Test("convert writes NRRD whose payload is the HU volume")
    func convert_nrrd() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let phantom = Fixtures.phantom
        let result = Fixtures.lightbox("convert", phantom.folder, "--to", "nrrd", folder + "/v.nrrd")
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/v.nrrd"))
        let split = try #require(data.firstRange(of: Data("\n\n".utf8)))
        let header = String(decoding: data[..<split.lowerBound], as: UTF8.self)
        #expect(header.contains("sizes: 512 512 \(phantom.study.sliceCount)"))
        #expect(header.contains("space: left-posterior-superior"))
        let floats = data[split.upperBound...].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let k = phantom.study.keySlice
        #expect(Array(floats[k * 512 * 512..<(k + 1) * 512 * 512]) == phantom.study.renderSlice(k).map(Float.init))
    }

    @Test("demo generate writes series, reports and a manifest")
    func demoGenerate_layout() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let result = Fixtures.lightbox("demo", "generate", "--cases", "1", "--seed", "9", "--out", folder)
        #expect(result.status == 0, "\(result.stderr)")
        let study = PhantomGenerator(seed: 9).study(index: 0)
        #expect(result.text == "wrote 1 synthetic studies (\(study.sliceCount) slices) to \(folder)\n")
        #expect(FileManager.default.fileExists(atPath: folder + "/manifest.jsonl"))
        #expect(FileManager.default.fileExists(atPath: folder + "/reports/\(study.studyInfo.accessionNumber).txt"))
        let catalog = DicomCatalog.scan(folder + "/studies")
        #expect(catalog.allSeries.count == 1 && catalog.allSeries[0].info.isSynthetic)
        let shown = Fixtures.lightbox(["demo", "show", folder, "--colors", "256"], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.text.contains("SYNTHETIC DEMO — not for clinical use"))
        #expect(shown.text.contains("ground truth: \(study.label.rawValue)"))
    }

    @Test("every command has --help", arguments: [[], ["info"], ["render"], ["convert"], ["demo"], ["demo", "generate"],
                                                  ["demo", "show"], ["term-info"]])
    func help_everyCommand(command: [String]) {
        let result = Fixtures.lightbox(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.text.contains("USAGE: lightbox"))
    }

    @Test("term-info reports what the environment says")
    func termInfo_followsEnvironment() {
        let truecolor = Fixtures.lightbox(["term-info"], environment: ["COLORTERM": "truecolor", "LANG": "C.UTF-8", "LC_ALL": "", "NO_COLOR": ""])
        #expect(truecolor.text.contains("colours: truecolor, unicode: yes, default cells: half"))
        let plain = Fixtures.lightbox(["term-info"], environment: ["COLORTERM": "", "TERM": "xterm", "LANG": "C", "LC_ALL": "", "LC_CTYPE": "", "NO_COLOR": ""])
        #expect(plain.text.contains("colours: palette16, unicode: no, default cells: ascii"))
        // swift test itself sets NO_COLOR, which must win over everything.
        let noColor = Fixtures.lightbox(["term-info"], environment: ["COLORTERM": "truecolor", "NO_COLOR": "1"])
        #expect(noColor.text.contains("colours: monochrome"))
    }
}
