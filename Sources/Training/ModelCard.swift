import Foundation
import Model
import ModelData

/// The model card shipped in every model folder: what the model is, what it was trained on, how it
/// scored on held-out data, and what it must not be used for.
public enum ModelCard {
    public static func text(version: String, recipe: TrainingRecipe, evaluation: ModelEvaluation, epochLosses: [Double],
                            date: Date = Date()) -> String {
        let day = ISO8601DateFormatter().string(from: date).prefix(10)
        var lines = [
            "# Lightbox fusion model \(version)",
            "",
            "**Synthetic demo — not for clinical use.** Trained by Lightbox's own code on Lightbox's own synthetic",
            "phantom chest CTs; it has never seen a patient.",
            "",
            "- Version: \(version), trained \(day)",
            "- Inputs: \(recipe.modality == .text ? "the report only" : recipe.modality == .image ? "the CT only" : "the CT and the report"); "
                + "CT slices at \(recipe.spec.matrix)x\(recipe.spec.matrix), up to \(recipe.spec.maxSlices) per study, windows "
                + recipe.spec.windows.map { "W\(Int($0.width)) L\(Int($0.center))" }.joined(separator: " and "),
            "- Architecture: residual CNN per slice (Grad-CAM on its last block), slice scores pooled by a softmax over slices; "
                + "a one-layer transformer over WordPiece tokens; a joint head; temperature scaling",
            "- Training data: phantom seed \(recipe.source.seed), \(recipe.source.count) studies, split by patient "
                + "(\(Int(recipe.validationFraction * 100)) % of patients held out); \(recipe.epochs) epochs, seed \(recipe.seed)",
            "- Training loss by epoch: " + epochLosses.map { String(format: "%.3f", $0) }.joined(separator: ", "),
            "",
            "## Held-out figures (\(evaluation.studies) studies of held-out patients)",
            "",
            "| class | AUC | sensitivity at 90 % specificity | specificity at 95 % sensitivity |",
            "|---|---|---|---|",
        ]
        func figure(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
        for label in LabelledStudy.labels {
            let c = evaluation.classes[label]
            lines.append("| \(label) | \(figure(c?.auc)) | \(figure(c?.sensitivityAt90Specificity)) | \(figure(c?.specificityAt95Sensitivity)) |")
        }
        lines += [
            "",
            "- Macro AUC: \(figure(evaluation.macroAUC)); accuracy \(figure(evaluation.accuracy))",
            "- Expected calibration error: \(figure(evaluation.expectedCalibrationError)) at temperature \(figure(evaluation.temperature))",
            "- Grad-CAM pointing game: " + (evaluation.pointingGame.map { figure($0) + " (\(evaluation.pointingGameHits!) of \(evaluation.pointingGameStudies!) studies with a lesion)" } ?? "n/a"),
            "",
            "## Intended use",
            "",
            "Demonstrating Lightbox's review workflow. Not a medical device; its figures hold for the phantom",
            "generator's studies and say nothing about real CT.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
