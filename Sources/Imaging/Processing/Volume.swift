/// A series' pixels in memory, with the geometry to place them.
///
/// Stored values stay 16-bit (`storedValues`, one word per voxel) and the
/// per-slice rescale turns them into Hounsfield units on demand: a 300-slice
/// 512x512 study then costs its raw 16-bit size, not twice that as Float.
public struct Volume: Sendable {
    public let geometry: VolumeGeometry
    /// Stored values as 16-bit patterns; read as Int16 when `isSigned`.
    public let storedValues: [UInt16]
    public let isSigned: Bool
    /// The Modality LUT of each slice (CT files may differ slice by slice).
    public let rescales: [Rescale]
    public let photometric: PhotometricInterpretation
    public let storedWindow: Window?
    /// Files of the series whose pixels could not be decoded, left out of the volume.
    public let droppedFiles: [SkippedFile]

    public init(geometry: VolumeGeometry, storedValues: [UInt16], isSigned: Bool, rescales: [Rescale],
                photometric: PhotometricInterpretation = .monochrome2, storedWindow: Window? = nil,
                droppedFiles: [SkippedFile] = []) {
        precondition(storedValues.count == geometry.rows * geometry.columns * geometry.slices)
        precondition(rescales.count == geometry.slices)
        self.geometry = geometry
        self.storedValues = storedValues
        self.isSigned = isSigned
        self.rescales = rescales
        self.photometric = photometric
        self.storedWindow = storedWindow
        self.droppedFiles = droppedFiles
    }

    public var sliceCount: Int { geometry.slices }

    /// The modality value (HU for CT) of one voxel, exact in Double.
    public func value(column: Int, row: Int, slice: Int) -> Double {
        let index = (slice * geometry.rows + row) * geometry.columns + column
        return rescales[slice].apply(storedDouble(storedValues[index]))
    }

    /// One slice in modality units (HU for CT) as Float, ready for windowing.
    public func slice(_ index: Int) -> ScalarImage {
        let count = geometry.rows * geometry.columns
        let rescale = rescales[index]
        let slope = Float(rescale.slope), intercept = Float(rescale.intercept)
        let signed = isSigned
        let values = storedValues.withUnsafeBufferPointer { all in
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                let source = all.baseAddress! + index * count
                for i in 0..<count {
                    let stored = signed ? Float(Int16(bitPattern: source[i])) : Float(source[i])
                    out[i] = stored * slope + intercept
                }
                initialized = count
            }
        }
        return ScalarImage(width: geometry.columns, height: geometry.rows, values: values)
    }

    /// The window to show first: the file's own, else one spanning the data.
    public var defaultWindow: Window {
        if let storedWindow { return storedWindow }
        var low = Double.infinity, high = -Double.infinity
        for s in 0..<sliceCount {
            let r = rescales[s]
            let base = s * geometry.rows * geometry.columns
            for i in stride(from: base, to: base + geometry.rows * geometry.columns, by: 7) {
                let v = r.apply(storedDouble(storedValues[i]))
                low = min(low, v)
                high = max(high, v)
            }
        }
        guard low < high else { return Window(center: low.isFinite ? low : 0, width: 1) }
        return Window(center: (low + high) / 2, width: high - low)
    }

    @inline(__always)
    private func storedDouble(_ word: UInt16) -> Double {
        isSigned ? Double(Int16(bitPattern: word)) : Double(word)
    }
}

/// A 2D plane of scalar values, row-major: HU slices, windowed grey, heatmaps.
public struct ScalarImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var values: [Float]

    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height, "ScalarImage: \(values.count) values for \(width)x\(height)")
        self.width = width
        self.height = height
        self.values = values
    }

    public subscript(x: Int, y: Int) -> Float { values[y * width + x] }
}
