/// A study's anatomy and findings as primitives in painter's order, renderable at any height and
/// matrix size.
struct Scene: Sendable {
    let primitives: [Primitive]

    /// The paint order: chest wall, lungs, haze (so vessels show through it), airways and vessels,
    /// emphysematous holes (which interrupt them), mediastinum and abdomen (which carve the lungs),
    /// pleural fluid (which hides lung, vessels and the back of the liver), bones, and nodules last.
    init(anatomy: Anatomy, vessels: AirwaysAndVessels, lesions: [LesionShape]) {
        func findings(_ layer: FindingLayer) -> [Primitive] {
            lesions.filter { $0.layer == layer }.flatMap { $0.context + $0.primitives }
        }
        primitives = anatomy.wall + anatomy.lungPrimitives + findings(.parenchyma) + vessels.primitives
            + findings(.airspace) + anatomy.viscera.primitives + findings(.pleura) + anatomy.skeleton.primitives
            + findings(.nodule)
    }

    /// Noiseless HU of the plane `grid.z`, row-major, starting from air.
    func render(_ grid: SliceGrid) -> [Float] {
        var pixels = [Float](repeating: -1000, count: grid.matrix * grid.matrix)
        pixels.withUnsafeMutableBufferPointer { buffer in
            // Indices rather than copies: most primitives miss the plane and cost one comparison.
            for i in primitives.indices where primitives[i].zRange.contains(grid.z) {
                guard let section = primitives[i].section(atZ: grid.z) else { continue }
                var painter = HUPainter(pixels: buffer, matrix: grid.matrix, paint: primitives[i].paint)
                rasterize(section, softness: primitives[i].softness, grid: grid, into: &painter)
            }
        }
        return pixels
    }

    /// Union coverage (0...1) of primitives' shapes over a window of the plane, ignoring paint
    /// conditions; row-major over `columns` x `rows`.
    static func coverage(of primitives: [Primitive], _ grid: SliceGrid,
                         columns: ClosedRange<Int>, rows: ClosedRange<Int>) -> [Float] {
        var coverage = [Float](repeating: 0, count: columns.count * rows.count)
        coverage.withUnsafeMutableBufferPointer { buffer in
            for primitive in primitives {
                guard let section = primitive.section(atZ: grid.z) else { continue }
                var union = CoverageUnion(coverage: buffer, columns: columns, rows: rows)
                rasterize(section, softness: primitive.softness, grid: grid, into: &union)
            }
        }
        return coverage
    }
}
