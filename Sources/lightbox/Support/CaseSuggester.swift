import CaseStore
import Foundation
import Imaging
import ReviewUI
import Training

/// A model's suggestion for one case, start to end: the case's DICOM series and report as a reviewer sees
/// them, the model, the Grad-CAM map written into `heatmaps/` beside the store, and the suggestion stored
/// with its audit entry. `lightbox import --model` runs it over the unanswered cases, the review screens
/// on a case opened without a suggestion, so a suggestion is made the same way wherever it is made.
///
/// Unchecked Sendable because the model is a class with working buffers: that is safe here because one
/// thread at a time runs it, the import loop or the review screens' single background computation.
struct CaseSuggester: @unchecked Sendable {
    let directory: ModelDirectory
    let store: CaseStore

    /// Why a case got no suggestion (its series unreadable, its map unwritable); the caller reports it
    /// and goes on with the next case.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Makes and stores the suggestion; false when the store already had this model version's.
    func suggest(for item: CaseForInference) throws -> Bool {
        let volume: Volume
        switch CaseVolume.load(seriesUID: item.seriesUID, sliceFiles: item.sliceFiles) {
        case .success(let loaded): volume = loaded
        case .failure(let failure): throw Problem(description: failure.message)
        }
        let maps = (store.path as NSString).deletingLastPathComponent + "/heatmaps"
        let map = maps + "/case\(item.caseID)-\(directory.version).png"
        let suggestion: StudySuggestion
        do throws(ImagingError) {
            suggestion = directory.suggest(volume: volume, report: item.report)
            if suggestion.heatmap != nil {
                try? FileManager.default.createDirectory(atPath: maps, withIntermediateDirectories: true)
                try suggestion.writeHeatmap(to: map)
            }
        } catch {
            throw Problem(description: error.description)
        }
        let stored = ModelSuggestion(modelID: ModelDirectory.modelID, modelVersion: directory.version,
                                     probabilities: Dictionary(uniqueKeysWithValues: zip(suggestion.labels, suggestion.probabilities)),
                                     keySlice: suggestion.keySlice, heatmapPath: suggestion.heatmap == nil ? nil : map,
                                     highlights: suggestion.highlightedWords(in: item.report))
        return try store.addSuggestion(stored, toCase: item.caseID)
    }

    /// The review screens' worker: the same work for a case number, every problem as a message.
    var reviewWorker: SuggestionWorker {
        SuggestionWorker(modelName: "\(ModelDirectory.modelID) \(directory.version)") { caseID in
            do {
                guard let item = try store.inferenceInput(ofCase: caseID) else {
                    return .failure(SuggestionWorker.Failure("no DICOM series in the store to run the model on"))
                }
                _ = try suggest(for: item)
                return .success(())
            } catch {
                return .failure(SuggestionWorker.Failure("\(error)"))
            }
        }
    }
}
