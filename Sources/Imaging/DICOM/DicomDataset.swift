import CDCMTKShim
import Foundation

/// The uncompressed transfer syntaxes Lightbox writes. Compressed copies are
/// made with DCMTK's own tools (dcmcjpeg, dcmcjpls, dcmcrle) when needed.
public enum TransferSyntax: Sendable, CaseIterable {
    case explicitLittleEndian, implicitLittleEndian, explicitBigEndian, deflatedLittleEndian

    var shimValue: lbx_transfer_syntax {
        switch self {
        case .explicitLittleEndian: LBX_EXPLICIT_LITTLE_ENDIAN
        case .implicitLittleEndian: LBX_IMPLICIT_LITTLE_ENDIAN
        case .explicitBigEndian: LBX_EXPLICIT_BIG_ENDIAN
        case .deflatedLittleEndian: LBX_DEFLATED_LITTLE_ENDIAN
        }
    }
}

/// A DICOM dataset being built attribute by attribute, then saved as a Part 10
/// file. Strings are UTF-8; `save` can convert them to another character set.
public final class DicomDataset {
    private let writer: OpaquePointer

    public init() { writer = lbx_writer_create() }
    deinit { lbx_writer_free(writer) }

    /// Sets an attribute from its DICOM string form (the VR comes from DCMTK's dictionary).
    public func set(_ tag: DicomTag, _ value: String) throws(ImagingError) {
        var error = lbx_error()
        guard lbx_writer_put_string(writer, tag.group, tag.element, value, &error) == 1 else {
            throw .writeFailed(path: tag.description, reason: error.text)
        }
    }

    /// Sets a US attribute.
    public func set(_ tag: DicomTag, uint16 value: UInt16) throws(ImagingError) {
        var error = lbx_error()
        guard lbx_writer_put_uint16(writer, tag.group, tag.element, value, &error) == 1 else {
            throw .writeFailed(path: tag.description, reason: error.text)
        }
    }

    /// Sets a multi-valued decimal string (DS), formatted to fit its 16 characters.
    public func set(_ tag: DicomTag, decimals: [Double]) throws(ImagingError) {
        try set(tag, decimals.map(Self.decimalString).joined(separator: "\\"))
    }

    /// 16-bit pixel words (OW).
    public func setPixels(_ words: [UInt16]) throws(ImagingError) {
        try putPixels(words, bitsAllocated: 16)
    }

    /// 8-bit pixel bytes (OB).
    public func setPixels(_ bytes: [UInt8]) throws(ImagingError) {
        try putPixels(bytes, bitsAllocated: 8)
    }

    private func putPixels<T>(_ samples: [T], bitsAllocated: Int32) throws(ImagingError) {
        var error = lbx_error()
        let ok = samples.withUnsafeBytes {
            lbx_writer_put_pixels(writer, $0.baseAddress, samples.count, bitsAllocated, &error)
        }
        guard ok == 1 else { throw .writeFailed(path: "pixel data", reason: error.text) }
    }

    /// - Parameter characterSet: a DICOM defined term ("ISO_IR 100", "GB18030", …),
    ///   or nil to keep UTF-8 ("ISO_IR 192").
    public func save(to path: String, syntax: TransferSyntax = .explicitLittleEndian,
                     characterSet: String? = nil) throws(ImagingError) {
        var error = lbx_error()
        let ok: Int32
        if let characterSet {
            ok = lbx_writer_save(writer, path, syntax.shimValue, characterSet, &error)
        } else {
            ok = lbx_writer_save(writer, path, syntax.shimValue, nil, &error)
        }
        guard ok == 1 else { throw .writeFailed(path: path, reason: error.text) }
    }

    /// A fresh UID, unique across machines and runs.
    public static func newUID() -> String {
        var buffer = [CChar](repeating: 0, count: 65)
        lbx_generate_uid(&buffer)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// DS allows 16 characters: use as many significant digits as fit.
    static func decimalString(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        for digits in stride(from: 15, through: 1, by: -1) {
            let text = String(format: "%.\(digits)g", value)
            if text.count <= 16 { return text }
        }
        return String(format: "%.6e", value)
    }
}
