import Evaluation
import Foundation
import Phantom

extension BaselineModel {
    /// The model card (Markdown) that goes next to the suggestions file: what the model is, what
    /// it learned from, how it did on reports it had not seen, and what it must not be used for.
    /// Every figure is the one measured by `train`, so the card cannot drift from the model.
    public func modelCard() -> String {
        let r = recipe, test = heldOut
        let classes = PhantomLabel.allCases
        let majority = Double(test.confusion.counts.map { $0.reduce(0, +) }.max()!) / Double(test.count)
        let standardError = (test.accuracy * (1 - test.accuracy) / Double(test.count)).squareRoot()
        var lines: [String] = []
        lines += [
            "# Model card: \(Self.modelID) \(modelVersion)",
            "",
            "**Demonstration only. Not for clinical use.** This is an interim baseline that lets the Lightbox demo",
            "show suggestions from a real, trained model. It will be replaced by the fusion model (CT images and",
            "report text), which is not built yet.",
            "",
            "## What it is",
            "",
            "- A multinomial naive Bayes classifier over the **text of the report only**. It never sees an image:",
            "  it has no key slice and no heatmap, and the review screen shows \"none\" for both.",
            "- Tokens: lower-cased runs of letters, runs of digits, each Chinese ideograph on its own"
                + (r.bigrams ? ", plus pairs of consecutive tokens (bigrams)." : "."),
            "- Laplace smoothing (α = \(formatted(classifier.smoothing, 0))), \(classifier.vocabularySize) features, "
                + "classes: \(classes.map { "`\($0.rawValue)`" }.joined(separator: ", ")).",
            "- Probabilities are the softmax of the log-posteriors divided by a temperature T = \(formatted(classifier.temperature, 2)),",
            "  fitted on held-out reports by minimising the negative log-likelihood (naive Bayes is over-confident).",
            "",
            "## Data",
            "",
            "Synthetic phantom studies (`PhantomGenerator`), English and Chinese reports, no patient data:",
            "",
            "| split | phantom seed | studies | used for |",
            "|---|---|---|---|",
            "| training | \(r.trainingSeed) | \(r.trainingCount) | word counts |",
            "| calibration | \(r.calibrationSeed) | \(r.calibrationCount) | the temperature |",
            "| test | \(r.testSeed) | \(r.testCount) | the figures below, nothing else |",
            "",
            "Suggestions are refused for cases from these seeds, so the demo's cases are reports the model has never seen.",
            "",
            "## Held-out results (test split, \(test.count) reports, computed at training time)",
            "",
            "| measure | value |",
            "|---|---|",
            "| accuracy (top class) | \(formatted(test.accuracy * 100, 1)) % ± \(formatted(standardError * 100, 1)) "
                + "(standard error; always the most frequent class: \(formatted(majority * 100, 1)) %) |",
            "| macro one-vs-rest AUC | \(formatted(test.macroAUC, 3)) |",
            "| NLL per report, raw posteriors (T = 1) | \(formatted(test.nllBeforeTemperature, 3)) nats |",
            "| NLL per report, calibrated (T = \(formatted(test.temperature, 2))) | \(formatted(test.nllAfterTemperature, 3)) nats |",
            "",
            "| class | one-vs-rest AUC |",
            "|---|---|",
        ]
        lines += classes.map { "| \($0.rawValue) | \(test.perClassAUC[$0].map { formatted($0, 3) } ?? "n/a") |" }
        lines += [
            "",
            "Confusion on the test split (rows: true class, columns: predicted):",
            "",
            "| true \\ predicted | " + classes.map(\.rawValue).joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---|", count: classes.count),
        ]
        lines += zip(classes, test.confusion.counts).map { label, row in
            "| \(label.rawValue) | " + row.map(String.init).joined(separator: " | ") + " |"
        }
        lines += [
            "",
            "## Intended use and limits",
            "",
            "- Intended use: demonstrating the review workflow of Lightbox on synthetic data. **Not for clinical use**:",
            "  it has never seen a real report, and its figures describe synthetic phantom reports only.",
            "- It reads the preliminary report, which sometimes misses findings and sometimes over-calls them;",
            "  the label of a 6–10 mm nodule depends on the image and the history together, which a text model",
            "  can only guess at.",
            "- It will be replaced by the fusion model (CNN on the CT, transformer on the report, Grad-CAM",
            "  heatmaps), which will come with its own model card.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}

private func formatted(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
