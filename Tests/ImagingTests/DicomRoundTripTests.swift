import Foundation
import Imaging
import LightboxTestSupport
import Testing

@Suite("DICOM write and read")
struct DicomRoundTripTests {
    @Test("every uncompressed transfer syntax reads back identical HU", arguments: TransferSyntax.allCases)
    func roundTrip_uncompressedSyntaxes(syntax: TransferSyntax) throws {
        let folder = makeTemporaryFolder("rt\(syntax)")
        defer { removeFolder(folder) }
        let volume = patternVolume()
        try testWriter(syntax: syntax).write(volume, to: folder)
        let catalog = DicomCatalog.scan(folder)
        #expect(catalog.skipped.isEmpty)
        let series = try #require(onlySeries(catalog))
        let read = try series.loadVolume()
        #expect(huValues(read) == huValues(volume))
        #expect(read.geometry.slices == 5)
        #expect(abs(read.geometry.sliceSpacing - 2.5) < 1e-9)
        #expect(abs(read.geometry.rowSpacing - 0.7) < 1e-9 && abs(read.geometry.columnSpacing - 0.8) < 1e-9)
        #expect(read.storedWindow == Window(center: -600, width: 1500))
        #expect(catalog.patients[0].info.name == "Doe^Jane")
        #expect(catalog.patients[0].studies[0].info.accessionNumber == "ACC1")
        #expect(series.info.modality == "CT")
    }

    @Test("dcmdump reads what the writer wrote")
    func writer_outputIsReadableByDcmdump() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let paths = try testWriter().write(patternVolume(slices: 1), to: folder)
        let dump = runTool("dcmdump", [paths[0]])
        #expect(dump.status == 0)
        #expect(dump.output.contains("(0008,0016) UI =CTImageStorage"))
        #expect(dump.output.contains("(0028,1052) DS [-1024]"))
        #expect(dump.output.contains("(0028,0103) US 1"))
        #expect(dump.output.contains("(7fe0,0010) OW"))
    }

    @Test("fractional rescale slopes give exact modality values")
    func rescale_fractionalSlopeIsExact() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let volume = patternVolume(rescale: Rescale(slope: 0.125, intercept: -1024.5))
        try testWriter().write(volume, to: folder)
        let read = try #require(onlySeries(DicomCatalog.scan(folder))).loadVolume()
        let values = huValues(read)
        #expect(values == huValues(volume))
        #expect(values.contains { $0 != $0.rounded() })
    }

    @Test("slices written in shuffled order come out sorted by position, head first")
    func series_shuffledFilesAreSortedByPosition() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let volume = patternVolume(slices: 7)
        let paths = try testWriter().write(volume, to: folder)
        // Rename so that file-name order and instance order both disagree with position.
        let shuffled = [4, 0, 6, 2, 5, 1, 3]
        for (i, path) in paths.enumerated() {
            try FileManager.default.moveItem(atPath: path, toPath: folder + "/z\(shuffled[i]).dcm")
        }
        let read = try #require(onlySeries(DicomCatalog.scan(folder))).loadVolume()
        #expect(huValues(read) == huValues(volume))
        let along = read.geometry.origins.map { $0.dot(read.geometry.normal) }
        #expect(along == along.sorted(by: >))
    }

    @Test("a missing slice is reported as irregular spacing")
    func series_irregularSpacingIsReported() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let paths = try testWriter().write(patternVolume(slices: 6), to: folder)
        try FileManager.default.removeItem(atPath: paths[3])
        let series = try #require(onlySeries(DicomCatalog.scan(folder)))
        #expect(series.geometry.spacingIsIrregular)
        #expect(series.warnings.contains { $0.contains("irregular slice spacing") && $0.contains("5") })
    }
}
