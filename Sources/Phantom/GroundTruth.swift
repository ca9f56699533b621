/// A lesion's cut on one slice, in pixel coordinates of the native 512 matrix: x is the column,
/// y the row, pixel centres at whole numbers.
public struct SliceCircle: Sendable, Codable, Equatable {
    public let slice: Int
    /// Centroid of the lesion's pixels.
    public let x: Double
    public let y: Double
    /// Reaches the farthest lesion pixel's outer edge, so the circle encloses the lesion.
    public let radius: Double
    /// Number of lesion pixels on this slice.
    public let area: Int
}

/// A position in voxel coordinates of the native matrix: column, row, fractional slice index.
public struct VoxelPoint: Sendable, Codable, Equatable {
    public let x: Double
    public let y: Double
    public let slice: Double
}

/// One lesion with its ground truth on this study's slices.
public struct PhantomLesion: Sendable {
    public let kind: LesionKind
    public let lobe: Lobe
    public let centreMM: Point3D
    public let centreVoxel: VoxelPoint
    /// Sphere radius for nodules; a bounding radius for patches, hole clusters and fluid.
    public let radiusMM: Double
    public var diameterMM: Double { 2 * radiusMM }
    /// First and last slice on which the lesion covers a pixel.
    public let sliceRange: ClosedRange<Int>
    /// One circle per slice in `sliceRange` on which the lesion shows, in slice order.
    public let circles: [SliceCircle]
    let shape: LesionShape

    /// Nil when the lesion shows on none of the scanned slices.
    init?(_ shape: LesionShape, geometry: ScanGeometry) {
        let circles = geometry.slicePositionsMM.indices.compactMap { shape.circle(on: geometry, slice: $0) }
        guard let first = circles.first, let last = circles.last else { return nil }
        kind = shape.kind
        lobe = shape.lobe
        centreMM = shape.centre
        centreVoxel = VoxelPoint(x: geometry.pixel(atMM: shape.centre.x), y: geometry.pixel(atMM: shape.centre.y),
                                 slice: geometry.sliceIndex(atZ: shape.centre.z))
        radiusMM = shape.radius
        sliceRange = first.slice...last.slice
        self.circles = circles
        self.shape = shape
    }
}

/// Lesion pixels: coverage of at least one half.
private let maskThreshold: Float = 0.5

extension LesionShape {
    /// Coverage of the lesion over the window of the slice it can touch, or nil if it misses the slice.
    func footprint(on geometry: ScanGeometry, slice k: Int, matrix: Int)
        -> (columns: ClosedRange<Int>, rows: ClosedRange<Int>, coverage: [Float])? {
        let grid = geometry.grid(slice: k, matrix: matrix)
        let boxes = primitives.compactMap { $0.section(atZ: grid.z)?.bounds }
        guard let first = boxes.first else { return nil }
        let box = boxes.dropFirst().reduce(first) { $0.union($1) }.expanded(by: 2 * grid.pixelMM)
        guard let columns = grid.pixels(box.minX, box.maxX), let rows = grid.pixels(box.minY, box.maxY) else { return nil }
        return (columns, rows, Scene.coverage(of: primitives, grid, columns: columns, rows: rows))
    }

    func circle(on geometry: ScanGeometry, slice k: Int) -> SliceCircle? {
        guard let (columns, rows, coverage) = footprint(on: geometry, slice: k, matrix: ScanGeometry.nativeMatrix)
        else { return nil }
        var pixels: [(Double, Double)] = []
        for (n, value) in coverage.enumerated() where value >= maskThreshold {
            pixels.append((Double(columns.lowerBound + n % columns.count), Double(rows.lowerBound + n / columns.count)))
        }
        guard !pixels.isEmpty else { return nil }
        let count = Double(pixels.count)
        let cx = pixels.reduce(0) { $0 + $1.0 } / count, cy = pixels.reduce(0) { $0 + $1.1 } / count
        let reach = pixels.reduce(0) { max($0, (($1.0 - cx) * ($1.0 - cx) + ($1.1 - cy) * ($1.1 - cy)).squareRoot()) }
        return SliceCircle(slice: k, x: cx, y: cy, radius: reach + 0.5, area: pixels.count)
    }
}

extension [PhantomLesion] {
    /// Union mask (1 = lesion) of all lesions at any matrix, or nil when none touches the slice.
    func mask(on geometry: ScanGeometry, slice k: Int, matrix: Int) -> [UInt8]? {
        var mask: [UInt8]?
        for lesion in self {
            guard let (columns, rows, coverage) = lesion.shape.footprint(on: geometry, slice: k, matrix: matrix) else { continue }
            if mask == nil { mask = [UInt8](repeating: 0, count: matrix * matrix) }
            for (n, value) in coverage.enumerated() where value >= maskThreshold {
                mask?[(rows.lowerBound + n / columns.count) * matrix + columns.lowerBound + n % columns.count] = 1
            }
        }
        return mask
    }

    /// Each pixel's class as the label rule sees the lesion covering it alone, with this study's
    /// history (`.normal` off the lesions), or nil when none touches the slice. Where lesions
    /// overlap, the one that decides the study's label wins.
    func labelMap(on geometry: ScanGeometry, slice k: Int, matrix: Int, prior: PriorComparison) -> [PhantomLabel]? {
        var map: [PhantomLabel]?
        for lesion in reversed() {
            guard let mask = [lesion].mask(on: geometry, slice: k, matrix: matrix) else { continue }
            let label = LabelRule.label(for: [(lesion.kind, lesion.diameterMM)], prior: prior)
            if map == nil { map = [PhantomLabel](repeating: .normal, count: matrix * matrix) }
            for i in mask.indices where mask[i] != 0 { map?[i] = label }
        }
        return map
    }

    /// The slice where the lesions cover the most pixels; the middle slice when there are none.
    func keySlice(sliceCount: Int) -> Int {
        var area = [Int](repeating: 0, count: sliceCount)
        for circle in flatMap(\.circles) { area[circle.slice] += circle.area }
        guard let best = area.max(), best > 0 else { return sliceCount / 2 }
        return area.firstIndex(of: best) ?? sliceCount / 2
    }
}
