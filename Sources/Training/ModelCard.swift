import Foundation
import Model
import ModelData

/// The model card shipped in every model folder: what the model is, what it was trained on, how it
/// scored on held-out data, and what it must not be used for.
public enum ModelCard {
    /// The closing section of every card: what the model is for, and what its figures do not say.
    static let intendedUse = [
        "## Intended use",
        "",
        "Demonstrating Lightbox's review workflow. Not a medical device; its figures hold for the phantom",
        "generator's studies and say nothing about real CT.",
        "",
    ]

    /// `sliceContext`: the model is `base` with slice context added by `recipe` (`recipe` above is then
    /// the base's, and `epochLosses` the slice-context training's).
    public static func text(version: String, recipe: TrainingRecipe, configuration: FusionConfiguration, evaluation: ModelEvaluation,
                            intervals: EvaluationIntervals? = nil, epochLosses: [Double],
                            sliceContext: (recipe: SliceContextRecipe, base: String)? = nil, date: Date = Date()) -> String {
        let day = ISO8601DateFormatter().string(from: date).prefix(10)
        let distances = configuration.sliceContextDistancesMM.map { String(format: "%g", $0) }
        let reading = distances.isEmpty ? "" : "each cell also reading the same cell " + distances.joined(separator: " and ") + " mm above and below; "
        var sliceContextLines: [String] = []
        if let (context, base) = sliceContext {
            let term = context.keySliceTerm > 0
                ? String(format: "; a key-slice term weighed %g (the study's finding asked to peak on a slice showing it)", context.keySliceTerm) : ""
            sliceContextLines.append("- Slice context: added to \(base) and trained for \(context.epochs) epoch(s) on every slice of each study "
                                     + "of the same data, the encoder kept as the base's"
                                     + (context.trainsLastBlock ? " but for its last block, which learnt with the context" : "")
                                     + String(format: "; learning rate %g brought down to 0 along a cosine", context.learningRate) + term)
        }
        var lines = [
            "# Lightbox fusion model \(version)",
            "",
            "**Synthetic demo — not for clinical use.** Trained by Lightbox's own code on Lightbox's own synthetic",
            "phantom chest CTs; it has never seen a patient.",
            "",
            "- Version: \(version), trained \(day)",
            "- Inputs: \(recipe.modality == .text ? "the report only" : recipe.modality == .image ? "the CT only" : "the CT and the report"); "
                + "CT slices at \(recipe.spec.matrix)x\(recipe.spec.matrix), up to \(recipe.spec.maxSlices) per study, windows "
                + recipe.spec.windows.map { "W\(Int($0.width)) L\(Int($0.center))" }.joined(separator: ", ")
                + (recipe.spec.contextSlices > 0
                    ? ", and \(recipe.spec.contextSlices) neighbouring slice(s) on each side in the first window"
                        + (recipe.spec.contextSpacingMM.map { String(format: ", %g mm apart", $0) } ?? "")
                    : ""),
            "- Architecture: residual CNN per slice on a \(configuration.gridSize)x\(configuration.gridSize) grid (Grad-CAM on its last block\(distances.isEmpty ? "" : ", slice context added")), "
                + (configuration.inputSpec.blob.map {
                    "beside it a Hessian blob filter's response over the study's slices at " + $0.scalesMM.map { String(format: "%g", $0) }.joined(separator: ", ")
                        + String(format: " mm in units of %g HU (a fixed feature, not learnt), its maximum over each cell; ", $0.responseScaleHU)
                } ?? "")
                + reading + "cell scores pooled into slice scores and slice scores into the study's by smooth maxima; "
                + "a one-layer transformer over WordPiece tokens; a joint head; temperature scaling",
            "- Training: \(recipe.trainingSlices) slices per study and step (up to \(recipe.lesionSlices) with lesions); cross-entropy of the "
                + "fused logits, of each branch's own logits and of every grid cell against the phantom's lesion masks"
                + (recipe.eitherNoduleClass ? "; a cell on a nodule only the history can judge accepts either nodule class" : "")
                + (recipe.cellFocusing > 0 ? String(format: "; focal loss on the cells with γ = %g", recipe.cellFocusing) : "")
                + String(format: "; a study's lesion cells weigh %g of its clear cells together", recipe.lesionCellShare)
                + (recipe.sliceTerm > 0 ? String(format: "; every slice's score against the lesions on it, weighed %g", recipe.sliceTerm) : "")
                + (recipe.hardNegatives > 0 ? "; \(recipe.hardNegatives) clear slices per step chosen as the ones the model scored most "
                    + "like a finding among \(TrainingRecipe.hardNegativeCandidates) drawn at random" : ""),
            "- Training data: phantom seed \(recipe.source.seed), \(recipe.source.count) studies, split by patient "
                + "(\(Int(recipe.validationFraction * 100)) % of patients held out); \(recipe.epochs) epochs, seed \(recipe.seed)"
                + (recipe.schedule == .cosine ? String(format: "; learning rate %g brought down to 0 along a cosine", recipe.learningRate) : ""),
        ] + sliceContextLines + [
            "- Training loss by epoch\(sliceContext == nil ? "" : " (slice context)"): " + epochLosses.map { String(format: "%.3f", $0) }.joined(separator: ", "),
            "",
            "## Held-out figures (\(evaluation.studies) studies of held-out patients)",
            "",
        ] + EvaluationTable.classTable(evaluation, labels: configuration.labels)
        let figure = EvaluationTable.figure
        lines += [
            "",
            "- Macro AUC: \(figure(evaluation.macroAUC)); accuracy \(figure(evaluation.accuracy))",
            "- Expected calibration error: \(figure(evaluation.expectedCalibrationError)) at temperature \(figure(evaluation.temperature))",
            "- Grad-CAM pointing game: " + (evaluation.pointingGame.map {
                figure($0) + " within the standard tolerance (15/224 of the width), \(figure(evaluation.strictPointingGame)) with the peak "
                    + "inside the lesion (\(evaluation.pointingGameStudies!) studies with a lesion); the key slice shows a lesion on "
                    + figure(evaluation.keySliceOnLesion)
            } ?? "n/a"),
        ] + (EvaluationTable.pointingGameBySize(evaluation).map { ["- Pointing game by the study's largest lesion: " + $0] } ?? []) + [
            "",
        ]
        if let intervals {
            lines += ["95 % intervals (percentile bootstrap, \(intervals.resamples) draws of these studies):", ""]
                + EvaluationTable.intervalLines(intervals, labels: configuration.labels, first: "") + [""]
        }
        lines += intendedUse
        return lines.joined(separator: "\n")
    }

    /// The card of a model fine-tuned on reviews: where it came from, what the reviewers taught it,
    /// and the base and the new version side by side on the same held-out studies.
    public static func fineTuned(version: String, base: String, cases: Int, overrides: Int, labelCounts: [String: Int],
                                 recipe: FineTuningRecipe, epochLosses: [Double], comparison: String, date: Date = Date()) -> String {
        let day = ISO8601DateFormatter().string(from: date).prefix(10)
        return ([
            "# Lightbox fusion model \(version)",
            "",
            "**Synthetic demo — not for clinical use.** Fine-tuned by Lightbox's own code from \(base), which was trained",
            "on Lightbox's own synthetic phantom chest CTs.",
            "",
            "- Version: \(version), fine-tuned \(day) from \(base)",
            "- Fine-tuning data: \(cases) reviewed cases of the case store, each with the label its reviewers settled on "
                + "(\(overrides) of them differ from the suggestion they answered): "
                + labelCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            "- \(recipe.epochs) epochs at learning rate \(recipe.learningRate), seed \(recipe.seed); vocabulary and temperature "
                + "are the base's; no lesion-mask term (nobody outlined these lesions)",
            "- Training loss by epoch: " + epochLosses.map { String(format: "%.3f", $0) }.joined(separator: ", "),
            "",
            "## The base and this version on the same held-out studies",
            "",
            comparison,
        ] + intendedUse).joined(separator: "\n")
    }
}
