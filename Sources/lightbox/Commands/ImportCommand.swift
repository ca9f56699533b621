import ArgumentParser
import CaseStore
import Foundation
import Imaging
import Training

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
            for problem in summary.skipped { FileHandle.standardError.write(Data("lightbox: \(problem)\n".utf8)) }
            writeOut(Self.describe(summary))
            if summary.imported.series + summary.duplicates.series == 0 {
                throw CommandFailure("\(path): no usable image found")
            }
            if let model { try suggest(with: model, in: opened) }
        }
    }

    /// Runs the model on the cases it has not answered, one at a time with a progress bar; a case whose
    /// files cannot be read is reported and skipped. Maps go to `heatmaps/` beside the store.
    private func suggest(with path: String, in store: CaseStore) throws {
        let directory: ModelDirectory
        do throws(ModelDirectory.Problem) { directory = try ModelDirectory.load(path) } catch {
            throw CommandFailure(error.description, .noInput)
        }
        let cases = try store.casesWithoutSuggestion(modelID: ModelDirectory.modelID, version: directory.version)
        let maps = (store.path as NSString).deletingLastPathComponent + "/heatmaps"
        try FileManager.default.createDirectory(atPath: maps, withIntermediateDirectories: true)
        let bar = ProgressBar()
        var added = 0
        for (index, item) in cases.enumerated() {
            bar.show(fraction: Double(index) / Double(cases.count), text: "AI suggestions \(index + 1)/\(cases.count)")
            let folder = item.sliceFiles.first.map { ($0 as NSString).deletingLastPathComponent } ?? ""
            guard let series = DicomCatalog.scan(folder).allSeries.first(where: { $0.info.instanceUID == item.seriesUID }) else {
                FileHandle.standardError.write(Data("\nlightbox: case #\(item.caseID): its series is no longer in \(folder); no suggestion\n".utf8))
                continue
            }
            let suggestion: StudySuggestion
            let map = maps + "/case\(item.caseID)-\(directory.version).png"
            do throws(ImagingError) {
                suggestion = directory.suggest(volume: try series.loadVolume(), report: item.report)
                try suggestion.writeHeatmap(to: map)
            } catch {
                FileHandle.standardError.write(Data("\nlightbox: case #\(item.caseID): \(error.description); no suggestion\n".utf8))
                continue
            }
            let stored = ModelSuggestion(modelID: ModelDirectory.modelID, modelVersion: directory.version,
                                         probabilities: Dictionary(uniqueKeysWithValues: zip(suggestion.labels, suggestion.probabilities)),
                                         keySlice: suggestion.keySlice, heatmapPath: suggestion.heatmap == nil ? nil : map,
                                         highlights: suggestion.highlightedWords(in: item.report))
            if try store.addSuggestion(stored, toCase: item.caseID) { added += 1 }
        }
        bar.finish()
        writeOut("AI suggestions: \(added) added by \(ModelDirectory.modelID) \(directory.version)\n")
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
