import Foundation

/// One report found in the input, before it is matched to a case.
struct ReportEntry {
    /// An accession number or a StudyInstanceUID.
    var key: String
    var text: String
    var language: String
    /// The file (and line) it came from, for the store and for messages.
    var file: String
    var line: Int?
}

/// Reads reports from a folder of sidecars or from a CSV/JSONL manifest. Each unusable file or
/// line becomes one problem and the rest is still read.
enum ReportSource {
    static func read(_ path: String) -> (entries: [ReportEntry], problems: [ImportProblem]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return ([], [ImportProblem(file: path, reason: "no such file or folder")])
        }
        if isDirectory.boolValue { return sidecars(in: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return ([], [ImportProblem(file: path, reason: "cannot read the file")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return ([], [ImportProblem(file: path, reason: "not valid UTF-8; no report read from it")])
        }
        return path.lowercased().hasSuffix(".csv") ? csv(text, file: path) : jsonl(text, file: path)
    }

    /// `<key>.txt` files; the language is guessed from the script, as sidecars do not say it.
    private static func sidecars(in folder: String) -> ([ReportEntry], [ImportProblem]) {
        var entries: [ReportEntry] = [], problems: [ImportProblem] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        for name in names where name.hasSuffix(".txt") {
            let file = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(ImportProblem(file: file, reason: "cannot read the file"))
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                problems.append(ImportProblem(file: file, reason: "not valid UTF-8; report skipped"))
                continue
            }
            entries.append(ReportEntry(key: String(name.dropLast(4)), text: trimmed(text), language: guessLanguage(text),
                                       file: file, line: nil))
        }
        return (entries, problems)
    }

    private static func csv(_ text: String, file: String) -> ([ReportEntry], [ImportProblem]) {
        var entries: [ReportEntry] = [], problems: [ImportProblem] = []
        for record in CSVTable(text: text).records {
            switch entry(from: record.fields, file: file, line: record.line) {
            case .success(let entry): entries.append(entry)
            case .failure(let problem): problems.append(problem)
            }
        }
        return (entries, problems)
    }

    private static func jsonl(_ text: String, file: String) -> ([ReportEntry], [ImportProblem]) {
        var entries: [ReportEntry] = [], problems: [ImportProblem] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            switch JSONLine.object(line) {
            case .failure(let rejection): problems.append(ImportProblem(file: file, line: index + 1, reason: rejection.reason))
            case .success(let object):
                var fields: [String: String] = [:]
                for (key, value) in object { if let value = value as? String { fields[key] = value } }
                switch entry(from: fields, file: file, line: index + 1) {
                case .success(let entry): entries.append(entry)
                case .failure(let problem): problems.append(problem)
                }
            }
        }
        return (entries, problems)
    }

    /// Columns or keys `accession` or `study_uid`, `text`, `language`; the demo manifest's
    /// `accessionNumber`, `studyInstanceUID` and `report` are accepted as well.
    private static func entry(from fields: [String: String], file: String, line: Int) -> Result<ReportEntry, ImportProblem> {
        let key = [fields["accession"], fields["accessionNumber"], fields["study_uid"], fields["studyInstanceUID"]]
            .compactMap { $0 }.first { !$0.isEmpty }
        guard let key else {
            return .failure(ImportProblem(file: file, line: line, reason: "no accession or study_uid"))
        }
        guard let text = fields["text"] ?? fields["report"], !text.isEmpty else {
            return .failure(ImportProblem(file: file, line: line, reason: "no report text"))
        }
        return .success(ReportEntry(key: key, text: trimmed(text), language: fields["language"] ?? guessLanguage(text),
                                    file: file, line: line))
    }

    private static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// "zh" when the text has CJK ideographs, else "en": the two languages reports come in.
    static func guessLanguage(_ text: String) -> String {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? "zh" : "en"
    }
}

extension ImportProblem: Error {}

/// One line of a JSONL file as a JSON object, or the reason it is not one.
enum JSONLine {
    static func object(_ line: Substring) -> Result<[String: Any], Rejection> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
            return .failure(Rejection("malformed JSON"))
        }
        guard let dictionary = object as? [String: Any] else { return .failure(Rejection("expected a JSON object")) }
        return .success(dictionary)
    }
}

/// Why one line of input was not used.
struct Rejection: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
