import Foundation

/// The figures of one or more models on the same studies, as Markdown.
public enum EvaluationTable {
    /// One row per named model in the summary, then each model's classes and confusion matrix, and
    /// with `intervals` (one per model, in the same order) each model's bootstrap intervals.
    public static func text(_ evaluations: [(name: String, evaluation: ModelEvaluation)], labels: [String], data: String,
                            intervals: [EvaluationIntervals]? = nil) -> String {
        var lines = ["Evaluated on \(data) (\(evaluations[0].evaluation.studies) studies)", "",
                     "| model | macro AUC | accuracy | ECE | pointing game | pointing game, peak inside the lesion | key slice on a lesion |",
                     "|---|---|---|---|---|---|---|"]
        for (name, e) in evaluations {
            lines.append("| \(name) | \(figure(e.macroAUC)) | \(figure(e.accuracy)) | \(figure(e.expectedCalibrationError)) "
                         + "| \(figure(e.pointingGame)) | \(figure(e.strictPointingGame)) | \(figure(e.keySliceOnLesion)) |")
        }
        lines += ["", "Pointing game: the Grad-CAM map of the study's true class, on that class's key slice, peaks within 15/224 "
                  + "of the image width of a lesion (Zhang et al.'s game and tolerance), over the studies with a lesion; "
                  + "the next column asks for the peak inside it. The game can only hit on a key slice that shows a lesion; "
                  + "the last column says how often the key slice does."]
        let bySize = evaluations.compactMap { name, e in pointingGameBySize(e).map { "- \(name): \($0)" } }
        if !bySize.isEmpty { lines += ["", "Pointing game by the study's largest lesion (diameter):", ""] + bySize }
        for (name, e) in evaluations {
            lines += ["", "\(name): per class", ""] + classTable(e, labels: labels)
            lines += ["", "confusion (rows true, columns predicted: \(labels.joined(separator: ", "))):"]
            lines += e.confusion.map { "  " + $0.map { String(format: "%4d", $0) }.joined() }
        }
        if let intervals {
            precondition(intervals.count == evaluations.count, "one set of intervals per model")
            for ((name, _), interval) in zip(evaluations, intervals) {
                lines += ["", "\(name): 95 % intervals (percentile bootstrap, \(interval.resamples) draws of the studies)", ""]
                lines += intervalLines(interval, labels: labels, first: evaluations[0].name)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One model's intervals: the overall figures on a line, then each class's. `first` names the model
    /// a gap is measured against (unused when the intervals have none).
    static func intervalLines(_ interval: EvaluationIntervals, labels: [String], first: String) -> [String] {
        var overall = ["macro AUC \(range(interval.macroAUC))"]
        if let gap = interval.macroAUCGap { overall.append("the \(first) model's macro AUC minus this one's \(range(gap))") }
        overall.append("ECE \(range(interval.expectedCalibrationError))")
        if let pointing = interval.pointingGame { overall.append("pointing game \(range(pointing))") }
        var lines = ["- " + overall.joined(separator: "; "), "",
                     "| class | AUC | sensitivity at 90 % specificity |", "|---|---|---|"]
        for label in labels {
            lines.append("| \(label) | \(range(interval.classAUC[label])) | \(range(interval.sensitivityAt90Specificity[label])) |")
        }
        return lines
    }

    /// "0.951–0.988", or "n/a".
    static func range(_ interval: ClosedRange<Double>?) -> String {
        interval.map { "\(figure($0.lowerBound))–\(figure($0.upperBound))" } ?? "n/a"
    }

    /// The figures of each class, one row each.
    public static func classTable(_ e: ModelEvaluation, labels: [String]) -> [String] {
        var lines = ["| class | AUC | sensitivity at 90 % specificity | specificity at 95 % sensitivity | pointing game | key slice on a lesion |",
                     "|---|---|---|---|---|---|"]
        for label in labels {
            let c = e.classes[label]
            lines.append("| \(label) | \(figure(c?.auc)) | \(figure(c?.sensitivityAt90Specificity)) "
                         + "| \(figure(c?.specificityAt95Sensitivity)) | \(figure(c?.pointingGame)) | \(figure(c?.keySliceOnLesion)) |")
        }
        return lines
    }

    /// "under 6 mm 0.212 (7 of 33); 6–8 mm …", smallest band first; nil where sizes are unknown.
    public static func pointingGameBySize(_ e: ModelEvaluation) -> String? {
        e.pointingGameBySize.map { bands in
            bands.map { "\($0.band.rawValue) \(figure($0.pointingGame)) (\($0.hits) of \($0.studies))" }.joined(separator: "; ")
        }
    }

    /// Three decimals, or "n/a" for a figure that does not apply.
    public static func figure(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
}
