import Foundation

/// The figures of one or more models on the same studies, as Markdown.
public enum EvaluationTable {
    /// One row per named model in the summary, then each model's classes and confusion matrix.
    public static func text(_ evaluations: [(name: String, evaluation: ModelEvaluation)], labels: [String], data: String) -> String {
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
        for (name, e) in evaluations {
            lines += ["", "\(name): per class", ""] + classTable(e, labels: labels)
            lines += ["", "confusion (rows true, columns predicted: \(labels.joined(separator: ", "))):"]
            lines += e.confusion.map { "  " + $0.map { String(format: "%4d", $0) }.joined() }
        }
        return lines.joined(separator: "\n") + "\n"
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

    /// Three decimals, or "n/a" for a figure that does not apply.
    public static func figure(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
}
