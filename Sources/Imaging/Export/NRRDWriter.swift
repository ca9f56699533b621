import Foundation

/// Writes a volume in NRRD (the format 3D Slicer and ITK read): float32 values
/// in modality units (HU), with spacing, origin and direction in LPS space, so
/// the pixels can be checked by tools other than Lightbox.
public enum NRRDWriter {
    public static func write(_ volume: Volume, to path: String) throws(ImagingError) {
        let g = volume.geometry
        let sliceStep: Vector3 = g.slices > 1
            ? (g.origins[g.slices - 1] - g.origins[0]) * (1 / Double(g.slices - 1))
            : g.normal * g.sliceSpacing
        func vector(_ v: Vector3) -> String { "(\(v.x),\(v.y),\(v.z))" }
        var header = "NRRD0004\n"
        header += "# Written by Lightbox: modality values (HU for CT) as float32\n"
        header += "type: float\ndimension: 3\nspace: left-posterior-superior\n"
        header += "sizes: \(g.columns) \(g.rows) \(g.slices)\n"
        header += "space directions: \(vector(g.rowDirection * g.columnSpacing)) \(vector(g.columnDirection * g.rowSpacing)) \(vector(sliceStep))\n"
        header += "kinds: domain domain domain\nendian: little\nencoding: raw\n"
        header += "space origin: \(vector(g.origins.first ?? Vector3(0, 0, 0)))\n\n"
        var data = Data(header.utf8)
        for k in 0..<g.slices {
            let slice = volume.slice(k)
            slice.values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count)) }
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}
