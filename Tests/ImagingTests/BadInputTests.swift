import Foundation
import Imaging
import LightboxTestSupport
import Testing

/// Whatever cannot be used is reported in one line naming the file and the
/// reason, and the good files beside it still import.
@Suite("Bad input")
struct BadInputTests {
    /// A folder with one good three-slice series plus whatever `addBad` puts there.
    private func scanWithGoodSeries(limits: ImportLimits = ImportLimits(),
                                    _ addBad: (String) throws -> Void) throws -> (catalog: DicomCatalog, folder: String) {
        let folder = makeTemporaryFolder()
        try testWriter().write(patternVolume(slices: 3), to: folder + "/good")
        try addBad(folder)
        return (DicomCatalog.scan(folder, limits: limits), folder)
    }

    private func expectGoodSeriesLoads(_ catalog: DicomCatalog) throws {
        let series = try #require(onlySeries(catalog))
        #expect(series.geometry.slices == 3)
        #expect(huValues(try series.loadVolume()) == huValues(patternVolume(slices: 3)))
    }

    @Test("JPEG 2000 is named as an unsupported transfer syntax")
    func jpeg2000_isReportedByName() throws {
        let (catalog, folder) = try scanWithGoodSeries { folder in
            var raw = RawDicom(transferSyntax: "1.2.840.10008.1.2.4.90")
            raw.imageModule(rows: 8, columns: 8)
            raw.encapsulatedPixels(Data([0xFF, 0x4F, 0xFF, 0x51, 0, 0x2F, 0, 0]))
            try raw.write(to: folder + "/j2k.dcm")
        }
        defer { removeFolder(folder) }
        #expect(catalog.skipped.map(\.description) == [
            "\(folder)/j2k.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.90 (JPEG 2000)",
        ])
        try expectGoodSeriesLoads(catalog)
    }

    @Test("a truncated file is reported and the rest imports")
    func truncatedFile_isReported() throws {
        let (catalog, folder) = try scanWithGoodSeries { folder in
            let path = try testWriter().write(patternVolume(slices: 1), to: folder + "/cut")[0]
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count - 300).write(to: URL(fileURLWithPath: path))
        }
        defer { removeFolder(folder) }
        let truncated = catalog.skipped.filter { $0.path.hasSuffix("cut/IM00001.dcm") }
        #expect(truncated.count == 1)
        #expect(truncated.first?.description.hasPrefix("\(folder)/cut/IM00001.dcm: damaged or truncated DICOM file (DCMTK: ") == true)
        try expectGoodSeriesLoads(catalog)
    }

    @Test("a slice whose pixel data is cut short is left out of the volume, the rest loads")
    func shortPixelData_dropsOnlyThatSlice() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let uid = DicomDataset.newUID()
        let volume = patternVolume(columns: 8, rows: 8, slices: 4)
        try testWriter(seriesUID: uid).write(volume, to: folder)
        // A fifth slice of the same series, below the others, whose header promises 128 bytes and holds 64.
        var raw = RawDicom(transferSyntax: "1.2.840.10008.1.2.1", seriesUID: uid)
        raw.string(0x0020, 0x0032, "DS", "-100\\-80\\20")
        raw.string(0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0")
        raw.imageModule(rows: 8, columns: 8)
        raw.nativePixels(byteCount: 64)
        try raw.write(to: folder + "/short.dcm")
        let series = try #require(onlySeries(DicomCatalog.scan(folder)))
        #expect(series.geometry.slices == 5)
        let read = try series.loadVolume()
        #expect(read.geometry.slices == 4)
        #expect(huValues(read) == huValues(volume))
        #expect(read.droppedFiles.map(\.description) == [
            "\(folder)/short.dcm: pixel data truncated: 64 samples expected, 32 present",
        ])
    }

    @Test("a file that is not DICOM is reported and the rest imports")
    func notDicom_isReported() throws {
        let (catalog, folder) = try scanWithGoodSeries { folder in
            try Data("patient notes, not an image\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        }
        defer { removeFolder(folder) }
        #expect(catalog.skipped.map(\.description) == ["\(folder)/notes.txt: not a DICOM file (no DICM preamble)"])
        try expectGoodSeriesLoads(catalog)
    }

    @Test("an image of 65535x65535 is over the pixel budget before any decoding")
    func hugeImage_isOverBudget() throws {
        let (catalog, folder) = try scanWithGoodSeries { folder in
            var raw = RawDicom(transferSyntax: "1.2.840.10008.1.2.1")
            raw.imageModule(rows: 65535, columns: 65535)
            raw.nativePixels(byteCount: 64)
            try raw.write(to: folder + "/huge.dcm")
        }
        defer { removeFolder(folder) }
        #expect(catalog.skipped.map(\.description) == [
            "\(folder)/huge.dcm: image of 4294836225 pixels is over the budget of 25000000 pixels (--max-pixels)",
        ])
        try expectGoodSeriesLoads(catalog)
    }

    @Test("the pixel budget is configurable")
    func pixelBudget_isConfigurable() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        try testWriter().write(patternVolume(slices: 2), to: folder)
        let catalog = DicomCatalog.scan(folder, limits: ImportLimits(maxPixelsPerImage: 100))
        #expect(catalog.allSeries.isEmpty)
        #expect(catalog.skipped.count == 2)
        #expect(catalog.skipped.allSatisfy { $0.reason.contains("over the budget of 100 pixels") })
    }

    @Test("a non-image object is reported as such")
    func structuredReport_isNotAnImage() throws {
        let (catalog, folder) = try scanWithGoodSeries { folder in
            let d = DicomDataset()
            try d.set(.sopClassUID, "1.2.840.10008.5.1.4.1.1.88.11")
            try d.set(.sopInstanceUID, DicomDataset.newUID())
            try d.set(.modality, "SR")
            try d.save(to: folder + "/report.dcm")
        }
        defer { removeFolder(folder) }
        #expect(catalog.skipped.map(\.description) == [
            "\(folder)/report.dcm: not an image (SOP class 1.2.840.10008.5.1.4.1.1.88.11)",
        ])
        try expectGoodSeriesLoads(catalog)
    }

    @Test("an image of another size in the same series is rejected alone")
    func mixedSizeSeries_rejectsTheOddImage() throws {
        let uid = DicomDataset.newUID()
        let (catalog, folder) = try scanWithGoodSeries { folder in
            try testWriter(seriesUID: uid).write(patternVolume(columns: 24, rows: 20, slices: 3), to: folder + "/a")
            try testWriter(seriesUID: uid).write(patternVolume(columns: 16, rows: 16, slices: 1), to: folder + "/b")
        }
        defer { removeFolder(folder) }
        let odd = catalog.skipped.filter { $0.reason.contains("image size 16x16 differs from the series' 24x20") }
        #expect(odd.count == 1)
        #expect(catalog.allSeries.count == 2)
    }
}
