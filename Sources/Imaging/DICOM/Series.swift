import Dispatch

/// One image series: its slices in spatial order and the geometry they share.
/// Pixels are not read until `loadVolume`.
public struct Series: Sendable {
    public var info: SeriesInfo
    public var geometry: VolumeGeometry
    public var photometric: PhotometricInterpretation
    /// The first window stored in the files, the natural default for display.
    public var storedWindow: Window?
    /// Facts worth a line in `lightbox info`: irregular spacing, missing positions.
    public var warnings: [String]
    public var transferSyntaxUIDs: [String]
    /// Number of files the series was read from.
    public var fileCount: Int
    let slices: [SliceSource]
    let isSigned: Bool

    /// The file of each slice, in slice order (a multi-frame file repeats).
    public var sliceFiles: [String] { slices.map(\.path) }

    /// Where one slice's pixels are: a file, and a frame within it.
    struct SliceSource: Sendable {
        var path: String
        var frame: Int
        var framesInFile: Int
        var rescale: Rescale
    }

    /// Builds a series from instances sharing a SeriesInstanceUID. Instances
    /// that do not fit the majority (size, orientation, signedness) are
    /// rejected one by one with a reason; the rest still form the series.
    static func assemble(_ members: [DicomInstance], limits: ImportLimits) -> (series: Series?, rejected: [SkippedFile]) {
        var rejected: [SkippedFile] = []
        let reference = majority(members)
        var kept: [DicomInstance] = []
        for m in members {
            if m.rows != reference.rows || m.columns != reference.columns {
                rejected.append(SkippedFile(path: m.path, reason: "image size \(m.columns)x\(m.rows) differs from the series' \(reference.columns)x\(reference.rows) (series \(m.series.instanceUID))"))
            } else if !sameOrientation(m, reference) {
                rejected.append(SkippedFile(path: m.path, reason: "orientation differs from the rest of series \(m.series.instanceUID)"))
            } else if m.isSigned != reference.isSigned {
                rejected.append(SkippedFile(path: m.path, reason: "pixel representation differs from the rest of series \(m.series.instanceUID)"))
            } else {
                kept.append(m)
            }
        }
        let totalVoxels = kept.reduce(0) { $0 + $1.rows * $1.columns * $1.frames }
        if totalVoxels > limits.maxVoxelsPerSeries {
            let reason = "series of \(totalVoxels) voxels is over the budget of \(limits.maxVoxelsPerSeries)"
            return (nil, rejected + kept.map { SkippedFile(path: $0.path, reason: reason) })
        }

        var warnings: [String] = []
        let rowDirection = reference.imageOrientation?.row ?? Vector3(1, 0, 0)
        let columnDirection = reference.imageOrientation?.column ?? Vector3(0, 1, 0)
        let normal = rowDirection.cross(columnDirection)
        let spacing = reference.spacingBetweenSlices ?? reference.sliceThickness ?? 1

        // Every frame with its position; multi-frame files without per-frame
        // positions keep their frame order, stacked head-first from their first position.
        var placed: [(source: SliceSource, origin: Vector3, order: Double)] = []
        let hasPositions = kept.allSatisfy { $0.imagePosition != nil }
        if !hasPositions { warnings.append("no ImagePositionPatient on every image: slices ordered by InstanceNumber") }
        for (i, m) in kept.enumerated() {
            for frame in 0..<m.frames {
                let base = m.imagePosition ?? Vector3(0, 0, Double(m.instanceNumber ?? i) * spacing)
                let origin = base - normal * (Double(frame) * spacing)
                let order = hasPositions ? origin.dot(normal) : -Double((m.instanceNumber ?? i) * 10_000 + frame)
                placed.append((SliceSource(path: m.path, frame: frame, framesInFile: m.frames, rescale: m.rescale),
                               origin, order))
            }
        }
        // Descending along the normal: for the standard axial orientation that is head first,
        // the order in which a chest CT is read.
        placed.sort { $0.order > $1.order }
        let origins = hasPositions ? placed.map(\.origin)
            : placed.indices.map { Vector3(0, 0, -Double($0) * spacing) }
        let pixelSpacing = reference.pixelSpacing ?? (1, 1)
        if reference.pixelSpacing == nil { warnings.append("no PixelSpacing: assuming 1 mm square pixels") }
        let geometry = VolumeGeometry(columns: reference.columns, rows: reference.rows, slices: placed.count,
                                      rowSpacing: pixelSpacing.row, columnSpacing: pixelSpacing.column,
                                      rowDirection: rowDirection, columnDirection: columnDirection,
                                      origins: origins, sliceThickness: reference.sliceThickness)
        if geometry.spacingIsIrregular {
            let range = geometry.spacingRange
            warnings.append("irregular slice spacing: gaps from \(Window.format(range.lowerBound)) to \(Window.format(range.upperBound)) mm")
        }
        let series = Series(info: reference.series, geometry: geometry, photometric: reference.photometric,
                            storedWindow: kept.lazy.compactMap(\.window).first, warnings: warnings,
                            transferSyntaxUIDs: Array(Set(kept.map(\.transferSyntaxUID))).sorted(),
                            fileCount: kept.count, slices: placed.map(\.source), isSigned: reference.isSigned)
        return (series, rejected)
    }

    /// The most common (size, orientation, signedness) among the instances.
    private static func majority(_ members: [DicomInstance]) -> DicomInstance {
        var best = members[0]
        var bestCount = 0
        for candidate in members {
            let count = members.count { $0.rows == candidate.rows && $0.columns == candidate.columns && sameOrientation($0, candidate) }
            if count > bestCount { best = candidate; bestCount = count }
        }
        return best
    }

    private static func sameOrientation(_ a: DicomInstance, _ b: DicomInstance) -> Bool {
        switch (a.imageOrientation, b.imageOrientation) {
        case (nil, nil): return true
        case let (x?, y?): return x.row.dot(y.row) > 0.999 && x.column.dot(y.column) > 0.999
        default: return false
        }
    }

    /// Decodes every slice (files in parallel on all cores) into a volume.
    /// A file whose pixels cannot be decoded (cut-off pixel data, a broken
    /// compressed stream) is left out and listed in `Volume.droppedFiles`, so
    /// one bad slice does not cost the study; only when nothing decodes does
    /// this throw.
    public func loadVolume() throws(ImagingError) -> Volume {
        let pixelsPerSlice = geometry.rows * geometry.columns
        var storage = [UInt16](repeating: 0, count: pixelsPerSlice * slices.count)
        // Slots of each file's frames in the volume, so every file is decoded once.
        let slotsByFile = Dictionary(grouping: slices.enumerated().map { (path: $1.path, frame: $1.frame, slot: $0) },
                                     by: \.path)
        let files = slotsByFile.keys.sorted()
        var failures = [ImagingError?](repeating: nil, count: files.count)
        storage.withUnsafeMutableBufferPointer { volume in
            failures.withUnsafeMutableBufferPointer { failed in
                let base = SendablePointer(volume.baseAddress!), failed = SendablePointer(failed.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: files.count) { index in
                    let slots = slotsByFile[files[index]]!
                    do throws(ImagingError) {
                        try decode(files[index], into: base.pointer, slots: slots.map { ($0.frame, $0.slot) })
                    } catch {
                        failed.pointer[index] = error
                    }
                }
            }
        }
        let dropped = zip(files, failures).compactMap { path, failure in
            failure.map { SkippedFile(path: path, reason: $0.description) }
        }
        guard dropped.count < files.count else { throw failures[0]! }
        let droppedPaths = Set(dropped.map(\.path))
        let kept = slices.indices.filter { !droppedPaths.contains(slices[$0].path) }
        var keptGeometry = geometry
        if !dropped.isEmpty {
            storage = kept.flatMap { storage[$0 * pixelsPerSlice..<($0 + 1) * pixelsPerSlice] }
            keptGeometry = VolumeGeometry(columns: geometry.columns, rows: geometry.rows, slices: kept.count,
                                          rowSpacing: geometry.rowSpacing, columnSpacing: geometry.columnSpacing,
                                          rowDirection: geometry.rowDirection, columnDirection: geometry.columnDirection,
                                          origins: kept.map { geometry.origins[$0] }, sliceThickness: geometry.sliceThickness)
        }
        return Volume(geometry: keptGeometry, storedValues: storage, isSigned: isSigned,
                      rescales: kept.map { slices[$0].rescale }, photometric: photometric,
                      storedWindow: storedWindow, droppedFiles: dropped)
    }

    /// Decodes one file into the volume's slots for its frames.
    private func decode(_ path: String, into volume: UnsafeMutablePointer<UInt16>,
                        slots: [(frame: Int, slot: Int)]) throws(ImagingError) {
        let pixelsPerSlice = geometry.rows * geometry.columns
        let file = try DicomFile(path: path)
        let frames = slices[slots[0].slot].framesInFile
        if frames == 1 {
            try file.decodeStoredValues(into: UnsafeMutableBufferPointer(
                start: volume + slots[0].slot * pixelsPerSlice, count: pixelsPerSlice))
            return
        }
        let all = try file.decodeStoredValues(count: pixelsPerSlice * frames)
        all.withUnsafeBufferPointer { source in
            for (frame, slot) in slots {
                (volume + slot * pixelsPerSlice).update(from: source.baseAddress! + frame * pixelsPerSlice,
                                                        count: pixelsPerSlice)
            }
        }
    }
}

/// A raw pointer handed to concurrent workers that write disjoint ranges.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

