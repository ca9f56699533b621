import Foundation
import GRDB

/// A case with the label the humans settled on, for fine-tuning a model on its own mistakes.
public struct ReviewedCase: Sendable, Equatable {
    public var caseID: Int64
    public var seriesUID: String
    public var sliceFiles: [String]
    public var report: String
    /// The newest current decision's label: the suggestion's finding when it was accepted, the
    /// reviewer's label when it was corrected.
    public var label: String
    /// The suggestion's finding that decision answered, when there was one.
    public var suggestedLabel: String?
    public var reviewer: String
}

extension CaseStore {
    /// Every case with a decision that names a label, oldest case first. Per case the newest decision
    /// that nobody superseded wins (when two readers disagree, the later reading is the one given
    /// with knowledge of the earlier); a rejection without a label says what the finding is not, not
    /// what it is, so it teaches nothing and is left out, as are cases whose images left the store.
    public func reviewedCases() throws(StoreError) -> [ReviewedCase] {
        try read { db in
            try Row.fetchAll(db, sql: """
                WITH labelled AS (
                    SELECT r.id, r.study_ref, r.reviewer, sg.top_label AS suggested_label,
                           CASE r.action WHEN 'accept' THEN sg.top_label ELSE r.label END AS final_label
                    FROM reviews r
                    LEFT JOIN suggestions sg ON sg.id = r.suggestion_ref
                    WHERE NOT EXISTS (SELECT 1 FROM reviews later WHERE later.supersedes_ref = r.id)
                ),
                newest AS (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY study_ref ORDER BY id DESC) AS position
                    FROM labelled WHERE final_label IS NOT NULL
                ),
                largest_series AS (
                    SELECT study_ref, series_uid, geometry_json,
                           ROW_NUMBER() OVER (PARTITION BY study_ref ORDER BY slices DESC, id) AS position
                    FROM series
                )
                SELECT n.study_ref AS case_id, n.reviewer, n.final_label, n.suggested_label,
                       se.series_uid, se.geometry_json AS geometry,
                       (SELECT rp.text FROM reports rp WHERE rp.study_ref = n.study_ref ORDER BY rp.id DESC LIMIT 1) AS report
                FROM newest n
                LEFT JOIN largest_series se ON se.study_ref = n.study_ref AND se.position = 1
                WHERE n.position = 1
                ORDER BY n.study_ref
                """).compactMap { row in
                guard let uid: String = row["series_uid"], let json: String = row["geometry"],
                      let details = try? JSONDecoder().decode(GeometryDetails.self, from: Data(json.utf8)) else { return nil }
                return ReviewedCase(caseID: row["case_id"], seriesUID: uid, sliceFiles: details.sliceFiles,
                                    report: row["report"] ?? "", label: row["final_label"], suggestedLabel: row["suggested_label"],
                                    reviewer: row["reviewer"])
            }
        }
    }
}
