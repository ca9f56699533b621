import Foundation
import GRDB

/// What the TUI's worklist asks for: one page of cases, sorted, filtered and searched.
public struct WorklistQuery: Sendable, Equatable {
    public enum SortKey: String, Sendable, CaseIterable {
        case patient, date, finding, probability, status, reviewer
    }

    public enum StatusFilter: String, Sendable, CaseIterable {
        case pending, reviewed
    }

    /// Whose reading list this is. With a reader, "pending" and "reviewed" (filter, sort and
    /// counts) mean "not yet / already reviewed by this reader", which is what double reading
    /// needs: a case the first doctor decided is still pending for the second.
    public var reader: String?

    public var sort: SortKey = .date
    public var descending = false
    public var status: StatusFilter?
    /// The top label of the case's latest suggestion.
    public var finding: String?
    public var probability: ClosedRange<Double>?
    /// Cases this user has reviewed.
    public var reviewer: String?
    /// Study dates as YYYY-MM-DD, inclusive.
    public var dates: ClosedRange<String>?
    /// Matches the start of a patient ID or accession, or any part of a patient name.
    public var search: String?
    public var limit = 50
    public var offset = 0

    public init() {}
}

/// One row of the worklist. Status and reviewer are derived from the reviews on every query.
public struct WorklistCase: Sendable, Equatable {
    public var caseID: Int64
    public var patientID: String
    public var patientName: String
    public var accession: String?
    public var studyDate: String?
    public var modality: String?
    public var suggestionID: Int64?
    public var finding: String?
    public var probability: Double?
    /// Reviews by anyone, superseded ones included.
    public var reviewCount: Int
    public var lastReviewer: String?
    /// Reviews by the query's reader (0 without a reader).
    public var readerReviewCount: Int
    /// Pending for the query's reader, or for everyone when the query has none.
    public var isPending: Bool

    public init(caseID: Int64, patientID: String, patientName: String, accession: String? = nil, studyDate: String? = nil,
                modality: String? = nil, suggestionID: Int64? = nil, finding: String? = nil, probability: Double? = nil,
                reviewCount: Int = 0, lastReviewer: String? = nil, readerReviewCount: Int = 0, isPending: Bool = true) {
        self.caseID = caseID; self.patientID = patientID; self.patientName = patientName; self.accession = accession
        self.studyDate = studyDate; self.modality = modality; self.suggestionID = suggestionID; self.finding = finding
        self.probability = probability; self.reviewCount = reviewCount; self.lastReviewer = lastReviewer
        self.readerReviewCount = readerReviewCount; self.isPending = isPending
    }
}

public struct WorklistPage: Sendable, Equatable {
    public var cases: [WorklistCase]
    /// Cases matching the filters (all pages), split by status.
    public var pending: Int
    public var reviewed: Int

    public init(cases: [WorklistCase], pending: Int, reviewed: Int) {
        self.cases = cases
        self.pending = pending
        self.reviewed = reviewed
    }
}

extension CaseStore {
    public func worklist(_ query: WorklistQuery) throws(StoreError) -> WorklistPage {
        guard query.limit > 0, query.offset >= 0 else { throw .invalid("a worklist page needs a positive limit and offset") }
        let (whereSQL, filterArguments) = WorklistSQL.filters(query)
        let arguments: [any DatabaseValueConvertible & Sendable] = [query.reader ?? ""] + filterArguments
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                \(WorklistSQL.base) \(whereSQL)
                ORDER BY \(WorklistSQL.order(query)) LIMIT ? OFFSET ?
                """, arguments: StatementArguments(arguments + [query.limit, query.offset]))
            let counts = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(NOT done), 0) AS pending, COALESCE(SUM(done), 0) AS reviewed
                FROM (SELECT \(WorklistSQL.done(query)) AS done FROM (\(WorklistSQL.base) \(whereSQL)))
                """, arguments: StatementArguments(arguments))!
            return WorklistPage(cases: rows.map(WorklistCase.init(row:)), pending: counts["pending"], reviewed: counts["reviewed"])
        }
    }
}

extension WorklistCase {
    init(row: Row) {
        caseID = row["case_id"]; patientID = row["patient_id"]; patientName = row["patient_name"]
        accession = row["accession"]; studyDate = row["study_date"]; modality = row["modality"]
        suggestionID = row["suggestion_id"]; finding = row["finding"]; probability = row["probability"]
        reviewCount = row["review_count"]; lastReviewer = row["last_reviewer"]; readerReviewCount = row["reader_count"]
        isPending = row["is_pending"]
    }
}

/// The SQL behind the worklist, kept apart so the query struct stays plain data.
enum WorklistSQL {
    /// Each case with its latest suggestion and what the reviews say. Its one argument is the
    /// reader ("" for none, which matches no reviewer).
    static let base = """
        SELECT *, CASE WHEN ?1 = '' THEN review_count = 0 ELSE reader_count = 0 END AS is_pending FROM (
            SELECT st.id AS case_id, p.patient_id, p.name AS patient_name, st.accession, st.study_date,
                   (SELECT modality FROM series se WHERE se.study_ref = st.id ORDER BY se.slices DESC LIMIT 1) AS modality,
                   sg.id AS suggestion_id, sg.top_label AS finding, sg.top_probability AS probability,
                   (SELECT COUNT(*) FROM reviews r WHERE r.study_ref = st.id) AS review_count,
                   (SELECT COUNT(*) FROM reviews r WHERE r.study_ref = st.id AND r.reviewer = ?1) AS reader_count,
                   (SELECT r.reviewer FROM reviews r WHERE r.study_ref = st.id ORDER BY r.id DESC LIMIT 1) AS last_reviewer
            FROM studies st
            JOIN patients p ON p.id = st.patient_ref
            LEFT JOIN suggestions sg ON sg.id = (SELECT MAX(id) FROM suggestions WHERE study_ref = st.id)
        )
        """

    /// Whether a row counts as reviewed: by the reader when there is one, else by anyone.
    static func done(_ q: WorklistQuery) -> String {
        q.reader == nil ? "review_count > 0" : "reader_count > 0"
    }

    static func filters(_ q: WorklistQuery) -> (String, [any DatabaseValueConvertible & Sendable]) {
        var clauses: [String] = [], arguments: [any DatabaseValueConvertible & Sendable] = []
        switch q.status {
        case .pending?: clauses.append("NOT (\(done(q)))")
        case .reviewed?: clauses.append(done(q))
        case nil: break
        }
        if let finding = q.finding { clauses.append("finding = ?"); arguments.append(finding) }
        if let range = q.probability {
            clauses.append("probability BETWEEN ? AND ?"); arguments += [range.lowerBound, range.upperBound]
        }
        if let reviewer = q.reviewer {
            clauses.append("EXISTS (SELECT 1 FROM reviews r WHERE r.study_ref = case_id AND r.reviewer = ?)")
            arguments.append(reviewer)
        }
        if let dates = q.dates {
            clauses.append("study_date BETWEEN ? AND ?"); arguments += [dates.lowerBound, dates.upperBound]
        }
        if let search = q.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let escaped = search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            clauses.append("(patient_id LIKE ? ESCAPE '\\' OR accession LIKE ? ESCAPE '\\' OR patient_name LIKE ? ESCAPE '\\')")
            arguments += [escaped + "%", escaped + "%", "%" + escaped + "%"]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// The chosen order, then the case number, so that pages never overlap or skip.
    static func order(_ q: WorklistQuery) -> String {
        let column = switch q.sort {
        case .patient: "patient_id"
        case .date: "study_date"
        case .finding: "finding"
        case .probability: "probability"
        case .status: done(q)
        case .reviewer: "last_reviewer"
        }
        let direction = q.descending ? "DESC" : "ASC"
        return "\(column) \(direction), case_id \(direction)"
    }
}
