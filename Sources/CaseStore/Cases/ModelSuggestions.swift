import Foundation
import GRDB

/// A model's output for a case, as the store keeps it: whatever produced it (an imported file, a
/// model run at import or when a reader opened the case), the screens read the same row.
public struct ModelSuggestion: Sendable, Equatable {
    public var modelID: String
    public var modelVersion: String
    public var probabilities: [String: Double]
    public var keySlice: Int?
    public var heatmapPath: String?
    public var highlights: [String]

    public init(modelID: String, modelVersion: String, probabilities: [String: Double], keySlice: Int? = nil,
                heatmapPath: String? = nil, highlights: [String] = []) {
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.probabilities = probabilities
        self.keySlice = keySlice
        self.heatmapPath = heatmapPath
        self.highlights = highlights
    }
}

/// A case a model has not answered yet, with what the model reads: the slices of its largest series
/// and its newest report.
public struct CaseForInference: Sendable {
    public var caseID: Int64
    public var seriesUID: String
    public var sliceFiles: [String]
    public var report: String
}

extension CaseStore {
    /// Cases without a suggestion of this model version, oldest first.
    public func casesWithoutSuggestion(modelID: String, version: String) throws(StoreError) -> [CaseForInference] {
        try inferenceInputs(where: """
            NOT EXISTS (SELECT 1 FROM suggestions sg WHERE sg.study_ref = st.id AND sg.model_id = ? AND sg.model_version = ?)
            """, arguments: [modelID, version])
    }

    /// What a model reads of one case, for a suggestion computed when a reader opens it; nil when the
    /// case does not exist or has no series with files to read.
    public func inferenceInput(ofCase caseID: Int64) throws(StoreError) -> CaseForInference? {
        try inferenceInputs(where: "st.id = ?", arguments: [caseID]).first
    }

    /// The cases matching `condition` (on `studies st`) with their largest series and newest report.
    private func inferenceInputs(where condition: String, arguments: StatementArguments) throws(StoreError) -> [CaseForInference] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT st.id AS case_id,
                       (SELECT se.series_uid FROM series se WHERE se.study_ref = st.id ORDER BY se.slices DESC, se.id LIMIT 1) AS series_uid,
                       (SELECT se.geometry_json FROM series se WHERE se.study_ref = st.id ORDER BY se.slices DESC, se.id LIMIT 1) AS geometry,
                       (SELECT r.text FROM reports r WHERE r.study_ref = st.id ORDER BY r.id DESC LIMIT 1) AS report
                FROM studies st
                WHERE \(condition)
                ORDER BY st.id
                """, arguments: arguments).compactMap { row in
                guard let uid: String = row["series_uid"], let json: String = row["geometry"],
                      let details = try? JSONDecoder().decode(GeometryDetails.self, from: Data(json.utf8)) else { return nil }
                return CaseForInference(caseID: row["case_id"], seriesUID: uid, sliceFiles: details.sliceFiles,
                                        report: row["report"] ?? "")
            }
        }
    }

    /// Stores a suggestion a model computed for a case, with its audit entry, in one transaction: by an
    /// admin after an import, or by the reader who opened the case without one (any role but viewer).
    /// False when the case already has one from this model version: a suggestion is never replaced.
    @discardableResult
    public func addSuggestion(_ suggestion: ModelSuggestion, toCase caseID: Int64) throws(StoreError) -> Bool {
        try write { db in
            _ = try authorize(db, .storeSuggestion)
            return try insert(db, suggestion, caseID: caseID, source: "model run")
        }
    }

    /// The one place a suggestion row is written. Returns false for a duplicate (same case, model, version).
    func insert(_ db: Database, _ suggestion: ModelSuggestion, caseID: Int64, source: String) throws -> Bool {
        guard let top = suggestion.probabilities.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else {
            throw StoreError.invalid("a suggestion needs at least one class probability")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let probabilities = String(decoding: try encoder.encode(suggestion.probabilities), as: UTF8.self)
        let highlights = suggestion.highlights.isEmpty ? nil : String(decoding: try encoder.encode(suggestion.highlights), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO suggestions (study_ref, model_id, model_version, probabilities_json, top_label,
                                     top_probability, key_slice, heatmap_path, highlights_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (study_ref, model_id, model_version) DO NOTHING
            """, arguments: [caseID, suggestion.modelID, suggestion.modelVersion, probabilities, top.key, top.value,
                             suggestion.keySlice, suggestion.heatmapPath, highlights, now])
        guard db.changesCount > 0 else { return false }
        try AuditLog.append(db, store: self, action: "suggestion.import", objectType: "suggestion",
                            objectID: String(db.lastInsertedRowID),
                            details: ["case": String(caseID), "model": suggestion.modelID + " " + suggestion.modelVersion,
                                      "source": source])
        return true
    }
}
