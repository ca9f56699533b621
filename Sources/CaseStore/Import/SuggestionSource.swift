import Foundation

/// One model suggestion from a JSONL line, before it is matched to a case.
struct SuggestionEntry {
    var key: String
    var suggestion: ModelSuggestion
    var line: Int
}

/// Reads `{"accession"|"study_uid", "model_id", "model_version", "probabilities", "key_slice", "heatmap"}`
/// lines; a bad line is one problem, the others are still read.
enum SuggestionSource {
    static func read(_ path: String) -> (entries: [SuggestionEntry], problems: [ImportProblem]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ([], [ImportProblem(file: path, reason: "no such file, or it cannot be read")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return ([], [ImportProblem(file: path, reason: "not valid UTF-8; no suggestion read from it")])
        }
        var entries: [SuggestionEntry] = [], problems: [ImportProblem] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            switch JSONLine.object(line).flatMap({ parse($0, line: index + 1, folder: (path as NSString).deletingLastPathComponent) }) {
            case .success(let entry): entries.append(entry)
            case .failure(let rejection): problems.append(ImportProblem(file: path, line: index + 1, reason: rejection.reason))
            }
        }
        return (entries, problems)
    }

    /// A relative heatmap path is taken from the JSONL file's folder and stored absolute, so the case
    /// view finds it whatever folder Lightbox runs in.
    private static func parse(_ object: [String: Any], line: Int, folder: String) -> Result<SuggestionEntry, Rejection> {
        guard let key = (object["accession"] as? String) ?? (object["study_uid"] as? String), !key.isEmpty else {
            return .failure(Rejection("no accession or study_uid"))
        }
        guard let modelID = object["model_id"] as? String, let modelVersion = object["model_version"] as? String else {
            return .failure(Rejection("model_id and model_version must be strings"))
        }
        guard let raw = object["probabilities"] as? [String: Any], !raw.isEmpty else {
            return .failure(Rejection("probabilities must be an object of label: probability"))
        }
        var probabilities: [String: Double] = [:]
        for (label, value) in raw {
            guard let p = (value as? NSNumber)?.doubleValue, (0...1).contains(p) else {
                return .failure(Rejection("probability of \(label) must be a number from 0 to 1"))
            }
            probabilities[label] = p
        }
        var keySlice: Int?
        if let value = object["key_slice"], !(value is NSNull) {
            guard let number = value as? NSNumber, number.doubleValue >= 0, number.doubleValue == number.doubleValue.rounded() else {
                return .failure(Rejection("key_slice must be a whole number from 0"))
            }
            keySlice = number.intValue
        }
        var highlights: [String] = []
        if let value = object["highlights"], !(value is NSNull) {
            guard let words = value as? [String] else { return .failure(Rejection("highlights must be an array of strings")) }
            highlights = words
        }
        let suggestion = ModelSuggestion(modelID: modelID, modelVersion: modelVersion, probabilities: probabilities, keySlice: keySlice,
                                         heatmapPath: (object["heatmap"] as? String).map { absolute($0, in: folder) },
                                         highlights: highlights)
        return .success(SuggestionEntry(key: key, suggestion: suggestion, line: line))
    }

    private static func absolute(_ path: String, in folder: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = folder.isEmpty ? FileManager.default.currentDirectoryPath : folder
        let joined = (base.hasPrefix("/") ? base : FileManager.default.currentDirectoryPath + "/" + base) + "/" + path
        return (joined as NSString).standardizingPath
    }
}
