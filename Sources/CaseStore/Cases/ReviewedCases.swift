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
                SELECT r.study_ref AS case_id, r.reviewer,
                       CASE r.action WHEN 'accept' THEN sg.top_label ELSE r.label END AS final_label,
                       sg.top_label AS suggested_label,
                       (SELECT se.series_uid FROM series se WHERE se.study_ref = r.study_ref ORDER BY se.slices DESC, se.id LIMIT 1) AS series_uid,
                       (SELECT se.geometry_json FROM series se WHERE se.study_ref = r.study_ref ORDER BY se.slices DESC, se.id LIMIT 1) AS geometry,
                       (SELECT rp.text FROM reports rp WHERE rp.study_ref = r.study_ref ORDER BY rp.id DESC LIMIT 1) AS report
                FROM reviews r
                LEFT JOIN suggestions sg ON sg.id = r.suggestion_ref
                WHERE NOT EXISTS (SELECT 1 FROM reviews later WHERE later.supersedes_ref = r.id)
                  AND (CASE r.action WHEN 'accept' THEN sg.top_label ELSE r.label END) IS NOT NULL
                  AND r.id = (SELECT MAX(o.id) FROM reviews o
                              LEFT JOIN suggestions osg ON osg.id = o.suggestion_ref
                              WHERE o.study_ref = r.study_ref
                                AND NOT EXISTS (SELECT 1 FROM reviews later WHERE later.supersedes_ref = o.id)
                                AND (CASE o.action WHEN 'accept' THEN osg.top_label ELSE o.label END) IS NOT NULL)
                ORDER BY r.study_ref
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
