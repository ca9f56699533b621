import Foundation
import Imaging
import LightboxTestSupport
import Testing

/// Names and descriptions come out in UTF-8 whatever SpecificCharacterSet the
/// file was written in.
@Suite("Character sets")
struct CharacterSetTests {
    static let cases: [(characterSet: String?, name: String, encodedBytes: [UInt8])] = [
        ("ISO_IR 100", "Müller^Jürgen", [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]),   // Latin-1 ü = 0xFC
        ("GB18030", "王^小明", [0xCD, 0xF5]),                                     // 王 in GB18030
        (nil, "Ñúñez^José=李^雷", Array("Ñúñez".utf8)),                           // UTF-8 (ISO_IR 192)
    ]

    @Test("patient names round-trip through the file's character set", arguments: 0..<cases.count)
    func patientName_convertedToUTF8(index: Int) throws {
        let (characterSet, name, encodedBytes) = Self.cases[index]
        let folder = makeTemporaryFolder("cs\(index)")
        defer { removeFolder(folder) }
        let path = try testWriter(patientName: name, characterSet: characterSet).write(patternVolume(slices: 1), to: folder)[0]
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.firstRange(of: encodedBytes) != nil, "the file holds the name in its own encoding")
        let catalog = DicomCatalog.scan(folder)
        #expect(catalog.patients.first?.info.name == name)
    }

    @Test("ISO 2022 IR 87 (which glibc cannot convert) falls back to a readable escape")
    func iso2022Japanese_fallsBackToEscapes() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        var raw = RawDicom(transferSyntax: "1.2.840.10008.1.2.1")
        raw.string(0x0008, 0x0005, "CS", "\\ISO 2022 IR 87")
        raw.string(0x0010, 0x0010, "PN", "Yamada^Tarou=\u{1B}$B;3ED\u{1B}(B^\u{1B}$BB@O:\u{1B}(B")
        raw.imageModule(rows: 2, columns: 2)
        raw.nativePixels(byteCount: 8)
        try raw.write(to: folder + "/jp.dcm")
        let catalog = DicomCatalog.scan(folder)
        #expect(catalog.skipped.isEmpty)
        let name = try #require(catalog.patients.first?.info.name)
        #expect(name.hasPrefix("Yamada^Tarou="))
        #expect(name.contains("\\x1B$B;3ED"))
    }
}
