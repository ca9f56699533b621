import Foundation
import Imaging
import LightboxTestSupport
import Testing

@Suite("Pixel formats")
struct PixelFormatTests {
    @Test("MONOCHROME1 keeps the values and inverts the display")
    func monochrome1_invertsDisplay() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let volume = patternVolume(slices: 1, photometric: .monochrome1)
        try testWriter().write(volume, to: folder)
        let read = try #require(onlySeries(DicomCatalog.scan(folder))).loadVolume()
        #expect(read.photometric == .monochrome1)
        #expect(huValues(read) == huValues(volume))
        let window = Window(center: 0, width: 2000)
        let one = VOIFunction(window: window, photometric: read.photometric)
        let two = VOIFunction(window: window, photometric: .monochrome2)
        for hu: Float in [-1500, -400, 0, 300, 1500] {
            #expect(abs(one(hu) - (1 - two(hu))) < 1e-6)
        }
        #expect(one(-1500) == 1 && one(1500) == 0)
    }

    @Test("12-bit unsigned data is masked to BitsStored and rescaled")
    func twelveBit_isMaskedAndRescaled() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let values = (0..<64).map { UInt16($0 * 61 % 4096) }
        try writeTwelveBitUnsigned(values, width: 8, height: 8, rescale: Rescale(slope: 0.5, intercept: -1000),
                                   junkHighBits: true, to: folder + "/a.dcm")
        let read = try #require(onlySeries(DicomCatalog.scan(folder))).loadVolume()
        #expect(!read.isSigned)
        #expect(huValues(read) == values.map { Double($0) * 0.5 - 1000 })
    }

    @Test("8-bit data reads as its byte values")
    func eightBit_readsBytes() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let pixels = (0..<48).map { UInt8($0 * 5) }
        try writeEightBit(pixels, width: 8, height: 6, to: folder + "/a.dcm")
        let read = try #require(onlySeries(DicomCatalog.scan(folder))).loadVolume()
        #expect(huValues(read) == pixels.map(Double.init))
    }

    @Test("a multi-frame file becomes a stack of slices along the normal")
    func multiFrame_becomesSlices() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let volume = patternVolume(columns: 10, rows: 8, slices: 4, spacing: 3)
        let d = try imageDataset(rows: 8, columns: 10, signed: true)
        try d.set(.numberOfFrames, "4")
        try d.set(.imagePositionPatient, decimals: [-100, -80, 30])
        try d.set(.imageOrientationPatient, decimals: [1, 0, 0, 0, 1, 0])
        try d.set(.spacingBetweenSlices, decimals: [3])
        try d.set(.rescaleIntercept, decimals: [-1024])
        try d.set(.rescaleSlope, decimals: [1])
        try d.setPixels(volume.storedValues)
        try d.save(to: folder + "/multi.dcm")
        let read = try #require(onlySeries(DicomCatalog.scan(folder))).loadVolume()
        #expect(read.geometry.slices == 4)
        #expect(abs(read.geometry.sliceSpacing - 3) < 1e-9)
        #expect(huValues(read) == huValues(volume))
    }

    @Test("a DICOMDIR leads to the files it references")
    func dicomdir_isFollowed() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let paths = try testWriter().write(patternVolume(slices: 3), to: folder + "/SERIES")
        // DICOMDIR file IDs must be 8.3 upper case.
        for (i, path) in paths.enumerated() {
            try FileManager.default.moveItem(atPath: path, toPath: folder + "/SERIES/IM\(i)")
        }
        let made = runTool("sh", ["-c", "cd '\(folder)' && dcmmkdir +r +I SERIES"])
        #expect(made.status == 0, "dcmmkdir: \(made.output)")
        try FileManager.default.createDirectory(atPath: folder + "/elsewhere", withIntermediateDirectories: true)
        let catalog = DicomCatalog.scan(folder + "/DICOMDIR")
        #expect(catalog.skipped.isEmpty)
        let series = try #require(onlySeries(catalog))
        #expect(huValues(try series.loadVolume()) == huValues(patternVolume(slices: 3)))
    }
}
