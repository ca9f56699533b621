import Imaging

/// A small copy of every slice kept in the store (Int16 HU, little endian, slice after slice),
/// so that opening a case in the worklist does not wait for DICOM decoding.
struct SeriesPreview {
    /// Longest side of a preview slice.
    static let size = 256

    let width: Int
    let height: Int
    let bytes: [UInt8]

    /// Area-averaged slices of the volume, in HU.
    init(volume: Volume) {
        let images = (0..<volume.sliceCount).map(volume.slice)
        self.init(images: images, columns: volume.geometry.columns, rows: volume.geometry.rows)
    }

    /// `images` are full-size planes in the unit the preview keeps (HU, or grey levels for PNG).
    init(images: [ScalarImage], columns: Int, rows: Int) {
        width = min(Self.size, columns)
        height = min(Self.size, rows)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(images.count * width * height * 2)
        for image in images {
            let small = Resampler.resample(image, width: width, height: height)
            for value in small.values {
                let clamped = Int16(max(Float(Int16.min), min(Float(Int16.max), value.rounded())))
                let bits = UInt16(bitPattern: clamped)
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            }
        }
        self.bytes = bytes
    }
}
