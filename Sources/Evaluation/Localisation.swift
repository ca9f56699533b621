/// Whether an explanation points at the finding.
public enum PointingGame {
    /// A hit when the heatmap's highest value lies inside the lesion mask (both row-major, same size).
    /// Ties go to the first maximum in reading order, so the answer does not depend on luck.
    public static func hit(heatmap: [Float], mask: [UInt8]) -> Bool {
        precondition(heatmap.count == mask.count && !heatmap.isEmpty, "a heatmap and a mask of the same size")
        var best = 0
        for i in heatmap.indices where heatmap[i] > heatmap[best] { best = i }
        return mask[best] != 0
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
