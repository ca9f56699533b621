import Foundation
import Imaging
import LightboxTestSupport
import Testing

/// The same series recompressed with DCMTK's own tools must decode to the
/// same values: proves every free codec is registered and wired.
@Suite("Compressed transfer syntaxes")
struct CompressionTests {
    static let lossless: [(tool: String, options: [String], uid: String)] = [
        ("dcmcrle", [], "1.2.840.10008.1.2.5"),
        ("dcmcjpeg", ["+e1"], "1.2.840.10008.1.2.4.70"),
        ("dcmcjpeg", ["+el"], "1.2.840.10008.1.2.4.57"),
        ("dcmcjpls", ["+el"], "1.2.840.10008.1.2.4.80"),
        ("dcmconv", ["+tb"], "1.2.840.10008.1.2.2"),
        ("dcmconv", ["+ti"], "1.2.840.10008.1.2"),
        ("dcmconv", ["+td"], "1.2.840.10008.1.2.1.99"),
    ]

    @Test("lossless recompression with DCMTK's tools reads back identical", arguments: 0..<lossless.count)
    func recompressed_readsBackIdentical(index: Int) throws {
        let (tool, options, uid) = Self.lossless[index]
        let folder = makeTemporaryFolder("\(tool)\(index)")
        defer { removeFolder(folder) }
        let volume = patternVolume(columns: 32, rows: 24, slices: 3)
        for path in try testWriter().write(volume, to: folder + "/plain") {
            let out = folder + "/packed/" + (path as NSString).lastPathComponent
            try? FileManager.default.createDirectory(atPath: folder + "/packed", withIntermediateDirectories: true)
            let result = runTool(tool, options + [path, out])
            #expect(result.status == 0, "\(tool) failed: \(result.output)")
        }
        let catalog = DicomCatalog.scan(folder + "/packed")
        let series = try #require(onlySeries(catalog))
        #expect(series.transferSyntaxUIDs == [uid])
        #expect(huValues(try series.loadVolume()) == huValues(volume))
    }

    @Test("JPEG-LS near-lossless on unsigned 12-bit data stays within its NEAR bound")
    func jpegLSNearLossless_withinBound() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let width = 40, height = 30
        let values = (0..<width * height).map { UInt16(($0 * 53) % 4096) }
        let path = folder + "/twelve.dcm"
        try writeTwelveBitUnsigned(values, width: width, height: height, to: path)
        let near = runTool("dcmcjpls", ["+en", "+md", "3", path, folder + "/near.dcm"])
        #expect(near.status == 0, "dcmcjpls failed: \(near.output)")
        try FileManager.default.removeItem(atPath: path)
        let series = try #require(onlySeries(DicomCatalog.scan(folder)))
        #expect(series.transferSyntaxUIDs == ["1.2.840.10008.1.2.4.81"])
        let errors = zip(huValues(try series.loadVolume()), values).map { abs($0 - Double($1)) }
        #expect(errors.max()! <= 3)
        #expect(errors.contains { $0 > 0 })
    }

    @Test("12-bit JPEG extended (process 2 & 4) decodes close to the original")
    func jpegExtended_twelveBitDecodes() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let width = 64, height = 48
        let values = (0..<width * height).map { UInt16(1000 + ($0 % width) * 20 + ($0 / width) * 10) }
        let path = folder + "/twelve.dcm"
        try writeTwelveBitUnsigned(values, width: width, height: height, to: path)
        let packed = runTool("dcmcjpeg", ["+ee", path, folder + "/extended.dcm"])
        #expect(packed.status == 0, "dcmcjpeg: \(packed.output)")
        try FileManager.default.removeItem(atPath: path)
        let series = try #require(onlySeries(DicomCatalog.scan(folder)))
        #expect(series.transferSyntaxUIDs == ["1.2.840.10008.1.2.4.51"])
        let errors = zip(huValues(try series.loadVolume()), values).map { abs($0 - Double($1)) }
        #expect(errors.reduce(0, +) / Double(errors.count) < 8)
    }

    @Test("8-bit JPEG baseline decodes close to the original")
    func jpegBaseline_eightBitDecodes() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let width = 64, height = 48
        let pixels = (0..<width * height).map { UInt8(($0 % width) * 4 / 2 + ($0 / width)) }
        let path = folder + "/eight.dcm"
        try writeEightBit(pixels, width: width, height: height, to: path)
        #expect(runTool("dcmcjpeg", ["+eb", path, folder + "/baseline.dcm"]).status == 0)
        try FileManager.default.removeItem(atPath: path)
        let series = try #require(onlySeries(DicomCatalog.scan(folder)))
        #expect(series.transferSyntaxUIDs == ["1.2.840.10008.1.2.4.50"])
        let read = try series.loadVolume()
        let errors = zip(huValues(read), pixels).map { abs($0 - Double($1)) }
        #expect(errors.reduce(0, +) / Double(errors.count) < 2)
    }
}

/// An unsigned 8-bit secondary-capture style image, no rescale.
func writeEightBit(_ pixels: [UInt8], width: Int, height: Int, to path: String) throws {
    let d = try imageDataset(rows: height, columns: width, bitsAllocated: 8, bitsStored: 8, signed: false,
                             modality: "OT", sopClass: "1.2.840.10008.5.1.4.1.1.7")
    try d.setPixels(pixels)
    try d.save(to: path)
}

/// Unsigned 12-bit data in 16-bit words, with junk in the unused high bits
/// (as some scanners leave overlays there): readers must mask to BitsStored.
func writeTwelveBitUnsigned(_ values: [UInt16], width: Int, height: Int, rescale: Rescale = .identity,
                            junkHighBits: Bool = false, to path: String) throws {
    let d = try imageDataset(rows: height, columns: width, bitsStored: 12, signed: false)
    try d.set(.rescaleSlope, decimals: [rescale.slope])
    try d.set(.rescaleIntercept, decimals: [rescale.intercept])
    try d.setPixels(junkHighBits ? values.map { $0 | 0xA000 } : values)
    try d.save(to: path)
}
