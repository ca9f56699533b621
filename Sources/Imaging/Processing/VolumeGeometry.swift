/// Where a volume's voxels are in the patient: enough to measure, to keep the
/// aspect ratio on screen, and to write NRRD headers other tools read.
public struct VolumeGeometry: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public var slices: Int
    /// Millimetres between adjacent rows (y) and adjacent columns (x).
    public var rowSpacing: Double
    public var columnSpacing: Double
    /// Unit vectors along a row (increasing column) and down a column (increasing row).
    public var rowDirection: Vector3
    public var columnDirection: Vector3
    /// The position (ImagePositionPatient) of each slice's first voxel, in slice order.
    public var origins: [Vector3]
    /// The median distance between consecutive slices along the normal.
    public var sliceSpacing: Double
    public var sliceThickness: Double?
    /// Smallest and largest gap between consecutive slices.
    public var spacingRange: ClosedRange<Double>

    public var normal: Vector3 { rowDirection.cross(columnDirection) }

    /// More than 1% (or 0.01 mm) between the smallest and largest gap.
    public var spacingIsIrregular: Bool {
        spacingRange.upperBound - spacingRange.lowerBound > max(0.01, 0.01 * sliceSpacing)
    }

    /// "axial", "coronal", "sagittal" or "oblique", from the slice normal.
    public var orientationName: String {
        let n = normal
        let components = [abs(n.x), abs(n.y), abs(n.z)]
        guard let major = components.max(), major > 0.9 else { return "oblique" }
        switch components.firstIndex(of: major) {
        case 0: return "sagittal"
        case 1: return "coronal"
        default: return "axial"
        }
    }

    public init(columns: Int, rows: Int, slices: Int, rowSpacing: Double, columnSpacing: Double,
                rowDirection: Vector3 = Vector3(1, 0, 0), columnDirection: Vector3 = Vector3(0, 1, 0),
                origins: [Vector3], sliceThickness: Double? = nil) {
        self.columns = columns
        self.rows = rows
        self.slices = slices
        self.rowSpacing = rowSpacing
        self.columnSpacing = columnSpacing
        self.rowDirection = rowDirection
        self.columnDirection = columnDirection
        self.origins = origins
        self.sliceThickness = sliceThickness
        let normal = rowDirection.cross(columnDirection)
        let along = origins.map { $0.dot(normal) }
        let gaps = zip(along.dropFirst(), along).map { abs($0 - $1) }.sorted()
        if gaps.isEmpty {
            sliceSpacing = sliceThickness ?? 1
            spacingRange = sliceSpacing...sliceSpacing
        } else {
            sliceSpacing = gaps[gaps.count / 2]
            spacingRange = gaps[0]...gaps[gaps.count - 1]
        }
    }
}
