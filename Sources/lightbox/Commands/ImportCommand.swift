import ArgumentParser
import CaseStore
import Foundation
import Imaging

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import DICOM studies or PNG images, with reports and AI suggestions (admin only).",
        discussion: """
        PATH is a DICOM file, folder or DICOMDIR, a PNG (a case of one image, named by its file) or \
        a folder holding either. --reports is a folder of <AccessionNumber>.txt or \
        <StudyInstanceUID>.txt files, or a CSV/JSONL file with accession or study_uid, text and \
        language. --suggestions is a JSONL file with accession or study_uid, model_id, \
        model_version, probabilities, key_slice (0-based) and an optional heatmap. Unusable input \
        is reported one line each and the rest is imported; importing the same data again changes \
        nothing.

          $ lightbox import Demo/data/studies --reports Demo/data/reports --suggestions model.jsonl
        """
    )

    @Argument(help: "DICOM or PNG data: a file or a folder.")
    var path: String

    @Option(help: "A folder of report sidecars, or a CSV/JSONL report manifest.")
    var reports: String?

    @Option(help: "A JSONL file of model suggestions.")
    var suggestions: String?

    @Option(help: "A model folder: afterwards, run it on every case it has not answered yet (suggestion, Grad-CAM map, highlighted report words).")
    var model: String?

    @Option(help: "Largest image (rows x columns) to accept.")
    var maxPixels: Int = ImportLimits().maxPixelsPerImage

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingStoreFailures {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure("\(path): no such file or folder", .noInput)
            }
            let request = ImportRequest(path: path, reports: reports, suggestions: suggestions,
                                        limits: ImportLimits(maxPixelsPerImage: maxPixels))
            let progress = ImportProgressLine()
            let opened = try store.open()
            let summary = try opened.importData(request, progress: progress.show)
            for problem in summary.skipped { writeErr("lightbox: \(problem)\n") }
            writeOut(Self.describe(summary))
            if summary.imported.series + summary.duplicates.series == 0 {
                throw CommandFailure("\(path): no usable image found")
            }
            if let model { try ModelRun.suggestUnanswered(by: try ModelRun.load(model), in: opened) }
        }
    }

    static func describe(_ summary: ImportSummary) -> String {
        func counts(_ c: ImportSummary.Counts) -> String {
            "\(c.series) series, \(c.reports) reports, \(c.suggestions) suggestions"
        }
        var text = "imported: \(counts(summary.imported))\nduplicates: \(counts(summary.duplicates))\n"
        text += "skipped: \(summary.skipped.count)\n"
        text += summary.skipped.map { "  \($0)\n" }.joined()
        return text
    }
}
