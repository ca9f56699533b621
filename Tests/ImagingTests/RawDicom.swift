import Foundation

/// Builds Part 10 bytes by hand, without DCMTK, for files the writer must never
/// produce: a JPEG 2000 syntax with a fake code stream, impossible sizes.
/// Explicit VR little endian throughout.
struct RawDicom {
    private var meta = Data()
    private var body = Data()

    init(transferSyntax: String, sopClass: String = "1.2.840.10008.5.1.4.1.1.2", seriesUID: String = "1.2.3.4.5.6") {
        let instance = "1.2.826.0.1.3680043.2.1143.\(UInt32.random(in: 1...UInt32.max))"
        Self.append(&meta, 0x0002, 0x0001, "OB", Data([0, 1]))
        Self.append(&meta, 0x0002, 0x0002, "UI", Self.uid(sopClass))
        Self.append(&meta, 0x0002, 0x0003, "UI", Self.uid(instance))
        Self.append(&meta, 0x0002, 0x0010, "UI", Self.uid(transferSyntax))
        string(0x0008, 0x0016, "UI", sopClass)
        string(0x0008, 0x0018, "UI", instance)
        string(0x0008, 0x0060, "CS", "CT")
        string(0x0010, 0x0020, "LO", "RAW1")
        string(0x0020, 0x000D, "UI", "1.2.3.4.5")
        string(0x0020, 0x000E, "UI", seriesUID)
    }

    mutating func string(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: String) {
        var bytes = Data(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr == "UI" ? 0 : 0x20) }
        Self.append(&body, group, element, vr, bytes)
    }

    mutating func us(_ group: UInt16, _ element: UInt16, _ value: UInt16) {
        Self.append(&body, group, element, "US", Data([UInt8(value & 0xff), UInt8(value >> 8)]))
    }

    /// Image pixel module attributes for a monochrome 16-bit signed image.
    mutating func imageModule(rows: UInt16, columns: UInt16) {
        us(0x0028, 0x0002, 1)
        string(0x0028, 0x0004, "CS", "MONOCHROME2")
        us(0x0028, 0x0010, rows)
        us(0x0028, 0x0011, columns)
        us(0x0028, 0x0100, 16)
        us(0x0028, 0x0101, 16)
        us(0x0028, 0x0102, 15)
        us(0x0028, 0x0103, 1)
    }

    /// Encapsulated pixel data: empty offset table, then one fragment.
    mutating func encapsulatedPixels(_ fragment: Data) {
        body += Self.tag(0x7FE0, 0x0010) + Data("OB".utf8) + Data([0, 0]) + Self.u32(0xFFFF_FFFF)
        body += Self.tag(0xFFFE, 0xE000) + Self.u32(0)
        body += Self.tag(0xFFFE, 0xE000) + Self.u32(UInt32(fragment.count)) + fragment
        body += Self.tag(0xFFFE, 0xE0DD) + Self.u32(0)
    }

    /// Native pixel data of the given byte length (may be shorter than the image needs).
    mutating func nativePixels(byteCount: Int) {
        Self.append(&body, 0x7FE0, 0x0010, "OW", Data(count: byteCount))
    }

    func write(to path: String) throws {
        var groupLength = Data()
        Self.append(&groupLength, 0x0002, 0x0000, "UL", Self.u32(UInt32(meta.count)))
        let file = Data(count: 128) + Data("DICM".utf8) + groupLength + meta + body
        try file.write(to: URL(fileURLWithPath: path))
    }

    private static func uid(_ value: String) -> Data {
        var d = Data(value.utf8)
        if d.count % 2 == 1 { d.append(0) }
        return d
    }

    private static func tag(_ group: UInt16, _ element: UInt16) -> Data {
        Data([UInt8(group & 0xff), UInt8(group >> 8), UInt8(element & 0xff), UInt8(element >> 8)])
    }

    private static func u32(_ v: UInt32) -> Data {
        Data([UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)])
    }

    private static func append(_ data: inout Data, _ group: UInt16, _ element: UInt16, _ vr: String, _ value: Data) {
        data += tag(group, element) + Data(vr.utf8)
        if ["OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OF", "OD", "OL"].contains(vr) {
            data += Data([0, 0]) + u32(UInt32(value.count))
        } else {
            data += Data([UInt8(value.count & 0xff), UInt8(value.count >> 8)])
        }
        data += value
    }
}
