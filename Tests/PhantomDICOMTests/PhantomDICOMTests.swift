import Foundation
import Imaging
import LightboxTestSupport
import Phantom
import PhantomDICOM
import Testing

@Suite("Phantom studies as DICOM")
struct PhantomDICOMTests {
    /// A study with few slices, so the tests stay quick.
    static let study: PhantomStudy = {
        let generator = PhantomGenerator(seed: 11)
        return (0..<40).lazy.map(generator.study).min { $0.sliceCount < $1.sliceCount }!
    }()

    @Test("a phantom series written and read back has identical HU, slice for slice")
    func roundTrip_identicalHU() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let study = Self.study
        try study.seriesWriter.write(study.volume(), to: folder)
        let catalog = DicomCatalog.scan(folder)
        #expect(catalog.skipped.isEmpty)
        let series = try #require(catalog.allSeries.first)
        let volume = try series.loadVolume()
        #expect(volume.sliceCount == study.sliceCount)
        for k in [0, study.keySlice, study.sliceCount - 1] {
            #expect(volume.slice(k).values == study.renderSlice(k).map(Float.init), "slice \(k)")
        }
        #expect(series.info.isSynthetic)
        #expect(series.info.description?.contains("SYNTHETIC") == true)
        #expect(catalog.patients[0].info.name == study.patient.name)
        #expect(catalog.patients[0].studies[0].info.accessionNumber == study.studyInfo.accessionNumber)
        #expect(abs(volume.geometry.sliceSpacing - study.sliceSpacingMM) < 1e-6)
        #expect(abs(volume.geometry.rowSpacing - study.pixelSpacingMM) < 1e-9)
    }

    @Test("writing the same study twice gives the same bytes")
    func write_isDeterministic() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let study = Self.study
        let first = try study.seriesWriter.write(study.volume(), to: folder + "/a")
        let second = try study.seriesWriter.write(PhantomGenerator(seed: 11).study(index: study.index).volume(),
                                                  to: folder + "/b")
        for (a, b) in zip(first, second) {
            #expect(FileManager.default.contentsEqual(atPath: a, andPath: b), "\(a) differs from \(b)")
        }
    }

    @Test("the model-resolution render matches the DICOM downsampled by the product's resampler")
    func modelResolution_matchesDownsampledDICOM() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let study = Self.study
        try study.seriesWriter.write(study.volume(), to: folder)
        let volume = try #require(DicomCatalog.scan(folder).allSeries.first).loadVolume()
        let k = study.keySlice
        let downsampled = Resampler.resample(volume.slice(k), width: 128, height: 128)
        let direct = study.renderSlice(k, matrix: 128).map(Float.init)
        let meanDifference = zip(downsampled.values, direct).map { abs($0 - $1) }.reduce(0, +) / Float(direct.count)
        // Both carry independent noise of about σ·(128/512) each; anatomy must agree to a few HU.
        #expect(meanDifference < Float(study.noiseSigmaHU) * 0.5 + 3, "mean |difference| \(meanDifference) HU")
    }

    @Test("a demo dataset holds series, report sidecars and a manifest")
    func demoDataset_layout() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let studies = try DemoDataset.generate(count: 2, seed: 5, into: folder)
        let manifest = try String(contentsOfFile: folder + "/manifest.jsonl", encoding: .utf8)
        #expect(manifest.split(separator: "\n").count == 2)
        for study in studies {
            let report = try String(contentsOfFile: folder + "/reports/\(study.studyInfo.accessionNumber).txt", encoding: .utf8)
            #expect(report == study.report.text + "\n")
            let files = try FileManager.default.contentsOfDirectory(atPath: DemoDataset.seriesFolder(study, in: folder))
            #expect(files.count == study.sliceCount)
        }
        let entries = try PhantomManifest.entries(from: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.jsonl")))
        #expect(entries.map(\.patientID) == studies.map(\.patient.id))
    }
}
