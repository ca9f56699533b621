/// Whether an explanation points at the finding: the pointing game of Zhang et al. ("Top-down neural
/// attention by excitation backprop", 2016), the usual yardstick for saliency maps.
public enum PointingGame {
    /// The tolerance of the original game: 15 pixels on a 224-pixel image, a fifteenth of its width.
    /// Maps come from a coarse grid, so the game forgives a peak that lands just beside the object.
    public static let standardTolerance = 15.0 / 224

    /// A hit when some lesion pixel lies within `tolerance` (a fraction of the width) of the heatmap's
    /// highest value; 0 asks for the peak to lie inside the lesion itself. Both are row-major and of the
    /// same square size. Ties go to the first maximum in reading order, so the answer does not depend
    /// on luck.
    public static func hit(heatmap: [Float], mask: [UInt8], tolerance: Double = 0) -> Bool {
        precondition(heatmap.count == mask.count && !heatmap.isEmpty, "a heatmap and a mask of the same size")
        var best = 0
        for i in heatmap.indices where heatmap[i] > heatmap[best] { best = i }
        guard tolerance > 0 else { return mask[best] != 0 }
        let size = Int(Double(heatmap.count).squareRoot())
        precondition(size * size == heatmap.count, "a square heatmap")
        let radius = tolerance * Double(size), reach = Int(radius)
        let row = best / size, column = best % size
        for y in max(0, row - reach)...min(size - 1, row + reach) {
            for x in max(0, column - reach)...min(size - 1, column + reach) where mask[y * size + x] != 0 {
                let dy = Double(y - row), dx = Double(x - column)
                if dx * dx + dy * dy <= radius * radius { return true }
            }
        }
        return false
    }
}

/// Bands of a lesion's diameter, the bands of the Fleischner Society's guidelines for solid nodules
/// (under 6 mm, 6 to 8, above): a detector's figure over all lesions hides how it fares on the small
/// ones, which nodule-detection studies report apart for that reason.
public enum LesionSizeBand: String, CaseIterable, Codable, Sendable, Comparable {
    case under6mm = "under 6 mm"
    case from6To8mm = "6–8 mm"
    case over8mm = "over 8 mm"

    public init(diameterMM: Double) {
        self = diameterMM < 6 ? .under6mm : diameterMM <= 8 ? .from6To8mm : .over8mm
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Rows: the true class; columns: the predicted class.
public struct ConfusionMatrix: Equatable, Sendable {
    public private(set) var counts: [[Int]]

    public init(classes: Int) {
        counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
    }

    public init(truth: [Int], predicted: [Int], classes: Int) {
        self.init(classes: classes)
        for (t, p) in zip(truth, predicted) { counts[t][p] += 1 }
    }

    public var accuracy: Double {
        let total = counts.joined().reduce(0, +)
        return total == 0 ? 0 : Double(counts.indices.reduce(0) { $0 + counts[$1][$1] }) / Double(total)
    }
}
