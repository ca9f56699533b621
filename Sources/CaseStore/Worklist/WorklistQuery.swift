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
    /// One page and the counts, read in one snapshot. The page is chosen first from the few columns
    /// its filters and sort need, and only its rows get the rest (review counts, last reviewer,
    /// modality), so the cost grows with the page, not with the store.
    public func worklist(_ query: WorklistQuery) throws(StoreError) -> WorklistPage {
        guard query.limit > 0, query.offset >= 0 else { throw .invalid("a worklist page needs a positive limit and offset") }
        let plan = WorklistSQL(query)
        return try read { db in
            let page = plan.page
            let ids = try Int64.fetchAll(db, sql: page.sql, arguments: StatementArguments(page.arguments))
            var cases: [WorklistCase] = []
            if !ids.isEmpty {
                let rows = try Row.fetchAll(db, sql: WorklistSQL.columns(count: ids.count),
                                            arguments: StatementArguments([query.reader ?? ""] + ids))
                let byID = Dictionary(uniqueKeysWithValues: rows.map { row in
                    (row["case_id"] as Int64, WorklistCase(row: row, reader: query.reader))
                })
                cases = ids.compactMap { byID[$0] }
            }
            let counts = plan.counts
            let row = try Row.fetchOne(db, sql: counts.sql, arguments: StatementArguments(counts.arguments))!
            let total: Int = row["total"], done: Int = row["done"]
            return WorklistPage(cases: cases, pending: total - done, reviewed: done)
        }
    }
}

extension WorklistCase {
    init(row: Row, reader: String?) {
        caseID = row["case_id"]; patientID = row["patient_id"]; patientName = row["patient_name"]
        accession = row["accession"]; studyDate = row["study_date"]; modality = row["modality"]
        suggestionID = row["suggestion_id"]; finding = row["finding"]; probability = row["probability"]
        reviewCount = row["review_count"]; lastReviewer = row["last_reviewer"]; readerReviewCount = row["reader_count"]
        isPending = reader == nil ? reviewCount == 0 : readerReviewCount == 0
    }
}

/// A piece of SQL with its arguments in order, so that clauses can be put together safely.
struct SQLFragment {
    var sql: String
    var arguments: [any DatabaseValueConvertible & Sendable] = []
}

/// The SQL behind the worklist, kept apart so the query struct stays plain data. Every filter and
/// sort is written against `studies st` with only the joins it needs: the latest suggestion
/// (`sg`) for finding and probability, the patient (`p`) for sorting by patient.
struct WorklistSQL {
    let query: WorklistQuery

    init(_ query: WorklistQuery) {
        self.query = query
    }

    /// The case numbers of the page, in order.
    var page: SQLFragment {
        let filters = self.filters, order = self.order
        let usesSuggestion = query.finding != nil || query.probability != nil || query.sort == .finding || query.sort == .probability
        var from = "studies st"
        if query.sort == .patient { from += " JOIN patients p ON p.id = st.patient_ref" }
        if usesSuggestion { from += " " + Self.latestSuggestion }
        return SQLFragment(sql: "SELECT st.id FROM \(from) \(filters.sql) ORDER BY \(order.sql) LIMIT ? OFFSET ?",
                           arguments: filters.arguments + order.arguments + [query.limit, query.offset])
    }

    /// `total` and `done` (reviewed, by the reader when there is one) of all cases the filters let through.
    var counts: SQLFragment {
        let filters = self.filters
        guard !filters.sql.isEmpty else {
            // No filter: two index-only counts instead of visiting every case.
            let byReader = query.reader.map { _ in " WHERE reviewer = ?" } ?? ""
            return SQLFragment(sql: """
                SELECT (SELECT COUNT(*) FROM studies) AS total,
                       (SELECT COUNT(DISTINCT study_ref) FROM reviews\(byReader)) AS done
                """, arguments: query.reader.map { [$0] } ?? [])
        }
        let done = self.done
        let from = query.finding != nil || query.probability != nil ? "studies st " + Self.latestSuggestion : "studies st"
        return SQLFragment(sql: "SELECT COUNT(*) AS total, COALESCE(SUM(\(done.sql)), 0) AS done FROM \(from) \(filters.sql)",
                           arguments: done.arguments + filters.arguments)
    }

    /// The newest suggestion of each case (see the `latest_suggestion_ref` migration). Naming
    /// `sg.study_ref` as well lets SQLite start from the suggestion side when a finding is filtered.
    static let latestSuggestion = "LEFT JOIN suggestions sg ON sg.study_ref = st.id AND sg.id = st.latest_suggestion_ref"

    /// Whether the case counts as reviewed: by the reader when there is one, else by anyone.
    var done: SQLFragment {
        if let reader = query.reader {
            return SQLFragment(sql: "EXISTS (SELECT 1 FROM reviews r WHERE r.reviewer = ? AND r.study_ref = st.id)", arguments: [reader])
        }
        return SQLFragment(sql: "EXISTS (SELECT 1 FROM reviews r WHERE r.study_ref = st.id)")
    }

    var filters: SQLFragment {
        var clauses: [SQLFragment] = []
        switch query.status {
        case .pending?: clauses.append(SQLFragment(sql: "NOT " + done.sql, arguments: done.arguments))
        case .reviewed?: clauses.append(done)
        case nil: break
        }
        if let finding = query.finding { clauses.append(SQLFragment(sql: "sg.top_label = ?", arguments: [finding])) }
        if let range = query.probability {
            clauses.append(SQLFragment(sql: "sg.top_probability BETWEEN ? AND ?", arguments: [range.lowerBound, range.upperBound]))
        }
        if let reviewer = query.reviewer {
            clauses.append(SQLFragment(sql: "EXISTS (SELECT 1 FROM reviews r WHERE r.reviewer = ? AND r.study_ref = st.id)",
                                       arguments: [reviewer]))
        }
        if let dates = query.dates {
            clauses.append(SQLFragment(sql: "st.study_date BETWEEN ? AND ?", arguments: [dates.lowerBound, dates.upperBound]))
        }
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let escaped = search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            // Three index-friendly lookups instead of one OR that would scan every case.
            clauses.append(SQLFragment(sql: """
                st.id IN (SELECT s.id FROM studies s JOIN patients pp ON pp.id = s.patient_ref WHERE pp.patient_id LIKE ? ESCAPE '\\'
                          UNION SELECT s.id FROM studies s WHERE s.accession LIKE ? ESCAPE '\\'
                          UNION SELECT s.id FROM studies s JOIN patients pp ON pp.id = s.patient_ref WHERE pp.name LIKE ? ESCAPE '\\')
                """, arguments: [escaped + "%", escaped + "%", "%" + escaped + "%"]))
        }
        guard !clauses.isEmpty else { return SQLFragment(sql: "") }
        return SQLFragment(sql: "WHERE " + clauses.map(\.sql).joined(separator: " AND "), arguments: clauses.flatMap(\.arguments))
    }

    /// The chosen order, then the case number, so that pages never overlap or skip.
    var order: SQLFragment {
        let direction = query.descending ? "DESC" : "ASC"
        let key: SQLFragment = switch query.sort {
        case .patient: SQLFragment(sql: "p.patient_id")
        case .date: SQLFragment(sql: "st.study_date")
        case .finding: SQLFragment(sql: "sg.top_label")
        case .probability: SQLFragment(sql: "sg.top_probability")
        case .status: done
        case .reviewer: SQLFragment(sql: "(SELECT r.reviewer FROM reviews r WHERE r.study_ref = st.id ORDER BY r.id DESC LIMIT 1)")
        }
        return SQLFragment(sql: "\(key.sql) \(direction), st.id \(direction)", arguments: key.arguments)
    }

    /// Everything a row shows, for the page's cases only; its first argument is the reader ("" for none).
    static func columns(count: Int) -> String {
        """
        SELECT st.id AS case_id, p.patient_id, p.name AS patient_name, st.accession, st.study_date,
               (SELECT modality FROM series se WHERE se.study_ref = st.id ORDER BY se.slices DESC LIMIT 1) AS modality,
               sg.id AS suggestion_id, sg.top_label AS finding, sg.top_probability AS probability,
               (SELECT COUNT(*) FROM reviews r WHERE r.study_ref = st.id) AS review_count,
               (SELECT COUNT(*) FROM reviews r WHERE r.study_ref = st.id AND r.reviewer = ?1) AS reader_count,
               (SELECT r.reviewer FROM reviews r WHERE r.study_ref = st.id ORDER BY r.id DESC LIMIT 1) AS last_reviewer
        FROM studies st
        JOIN patients p ON p.id = st.patient_ref
        \(latestSuggestion)
        WHERE st.id IN (\(Array(repeating: "?", count: count).joined(separator: ", ")))
        """
    }
}
