import CaseStore
import Foundation
import Imaging
import Training

/// Running a model on the cases of a store, for `lightbox import --model` and `lightbox demo`.
enum ModelRun {
    static func load(_ path: String, hint: String = "") throws -> ModelDirectory {
        do throws(ModelDirectory.Problem) { return try ModelDirectory.load(path) } catch {
            throw CommandFailure(error.description + hint, .noInput)
        }
    }

    /// Runs the model on the cases it has not answered, one at a time with a progress bar, from the
    /// DICOM files and report a reviewer sees; a case whose files cannot be read is reported and
    /// skipped. Maps go to `heatmaps/` beside the store.
    static func suggestUnanswered(by directory: ModelDirectory, in store: CaseStore) throws {
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
}
