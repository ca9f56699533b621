import CDCMTKShim

/// One DICOM file opened through DCMTK. Pixel data stays on disk until
/// `decodeStoredValues` asks for it, so scanning a folder reads only headers.
final class DicomFile {
    let path: String
    private let handle: OpaquePointer

    /// - Throws: `ImagingError.undecodable` when DCMTK cannot parse the file
    ///   (callers have already checked that it looks like DICOM).
    init(path: String) throws(ImagingError) {
        self.path = path
        var error = lbx_error()
        guard let handle = lbx_dicom_open(path, &error) else {
            // DCMTK says "Invalid stream" or "premature end of stream" for cut-off
            // files alike, and cannot tell truncation from damage in general.
            throw .undecodable(path: path, reason: "damaged or truncated DICOM file (DCMTK: \(error.text))")
        }
        self.handle = handle
    }

    deinit { lbx_dicom_close(handle) }

    /// The attribute's whole value in UTF-8, trimmed of DICOM's space padding.
    func string(_ tag: DicomTag) -> String? {
        var capacity = 256
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = lbx_dicom_string(handle, tag.group, tag.element, &buffer, capacity)
            if length < 0 { return nil }
            if length < capacity {
                let text = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let trimmed = text.trimmingDicomPadding()
                return trimmed.isEmpty ? nil : trimmed
            }
            capacity = length + 1
        }
    }

    func number(_ tag: DicomTag, index: Int = 0) -> Double? {
        var value = 0.0
        return lbx_dicom_number(handle, tag.group, tag.element, UInt(index), &value) == 1 ? value : nil
    }

    func numbers(_ tag: DicomTag, count: Int) -> [Double]? {
        var values: [Double] = []
        for i in 0..<count {
            guard let v = number(tag, index: i) else { return nil }
            values.append(v)
        }
        return values
    }

    var transferSyntaxUID: String {
        var buffer = [CChar](repeating: 0, count: 80)
        _ = lbx_dicom_transfer_syntax(handle, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var hasPixelData: Bool { lbx_dicom_has_pixels(handle) == 1 }

    /// Throws when no codec here decodes the file's transfer syntax.
    func ensureDecodable() throws(ImagingError) {
        var error = lbx_error()
        guard lbx_dicom_can_decode(handle, &error) == 1 else { throw .undecodable(path: path, reason: error.text) }
    }

    /// Stored values (before rescale), masked and sign-extended to 16 bits.
    func decodeStoredValues(into buffer: UnsafeMutableBufferPointer<UInt16>) throws(ImagingError) {
        var error = lbx_error()
        guard lbx_dicom_decode_pixels(handle, buffer.baseAddress, buffer.count, &error) == 1 else {
            throw .undecodable(path: path, reason: error.text)
        }
    }

    func decodeStoredValues(count: Int) throws(ImagingError) -> [UInt16] {
        var values = [UInt16](repeating: 0, count: count)
        var error = lbx_error()
        let ok = values.withUnsafeMutableBufferPointer { lbx_dicom_decode_pixels(handle, $0.baseAddress, count, &error) }
        guard ok == 1 else { throw .undecodable(path: path, reason: error.text) }
        return values
    }

    /// For a DICOMDIR: the referenced files, relative to its folder.
    func referencedFiles() -> [String] {
        var capacity = 4096
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = lbx_dicomdir_referenced_files(handle, &buffer, capacity)
            if length < 0 { return [] }
            if length < capacity {
                let text = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return text.split(separator: "\n").map(String.init)
            }
            capacity = length + 1
        }
    }
}

extension lbx_error {
    var text: String {
        withUnsafeBytes(of: message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

extension String {
    /// DICOM pads values to even length with spaces (or NUL for UIDs).
    func trimmingDicomPadding() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\0" { scalars = scalars.dropLast() }
        while let first = scalars.first, first == " " { scalars = scalars.dropFirst() }
        return String(scalars)
    }
}
