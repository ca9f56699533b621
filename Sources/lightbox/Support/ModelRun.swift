import CaseStore
import Configuration
import Foundation
import Training

/// Running a model on the cases of a store, for `lightbox import --model` and `lightbox demo`, and
/// finding the model `lightbox review` runs on cases opened without a suggestion.
enum ModelRun {
    static func load(_ path: String, hint: String = "") throws -> ModelDirectory {
        do throws(ModelDirectory.Problem) { return try ModelDirectory.load(path) } catch {
            throw CommandFailure(error.description + hint, .noInput)
        }
    }

    /// The model `model = "…"` in config.toml names, if any; one that does not load is reported at that
    /// line, like every other mistake in the file.
    static func loadConfigured(_ config: LightboxConfig) throws -> ModelDirectory? {
        guard let path = config.model else { return nil }
        do throws(ModelDirectory.Problem) { return try ModelDirectory.load(path) } catch {
            throw CommandFailure(config.modelError(error.description).description, .config)
        }
    }

    /// Runs the model on the cases it has not answered, one at a time with a progress bar; a case it
    /// cannot answer (unreadable files) is reported and skipped.
    static func suggestUnanswered(by directory: ModelDirectory, in store: CaseStore) throws {
        let cases = try store.casesWithoutSuggestion(modelID: ModelDirectory.modelID, version: directory.version)
        let suggester = CaseSuggester(directory: directory, store: store)
        let bar = ProgressBar()
        var added = 0
        for (index, item) in cases.enumerated() {
            bar.show(fraction: Double(index) / Double(cases.count), text: "AI suggestions \(index + 1)/\(cases.count)")
            do {
                if try suggester.suggest(for: item) { added += 1 }
            } catch let problem as CaseSuggester.Problem {
                writeErr("\nlightbox: case #\(item.caseID): \(problem); no suggestion\n")
            }
        }
        bar.finish()
        writeOut("AI suggestions: \(added) added by \(ModelDirectory.modelID) \(directory.version)\n")
    }
}
