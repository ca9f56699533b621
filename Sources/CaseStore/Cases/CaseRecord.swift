import Foundation
import GRDB

/// Everything the case view shows about one case (one study), read in one snapshot.
public struct CaseRecord: Sendable, Equatable {
    public var caseID: Int64
    public var patient: PatientSummary
    public var accession: String?
    /// YYYY-MM-DD.
    public var studyDate: String?
    public var studyDescription: String?
    /// The series the case is read on first: the one with the most slices.
    public var series: [SeriesSummary]
    /// Newest first.
    public var reports: [CaseReport]
    /// The newest suggestion; earlier ones (older model versions) stay in the store for export.
    public var suggestion: Suggestion?
    /// Oldest first, superseded ones included.
    public var reviews: [Review]

    /// The latest review by `reviewer` that nothing has superseded yet: what a new decision of theirs supersedes.
    public func latestReview(by reviewer: String) -> Review? {
        reviews.last { $0.reviewer == reviewer }
    }

    /// True when any series is marked as synthetic phantom data.
    public var isSynthetic: Bool { series.contains(where: \.isSynthetic) }
}

public struct PatientSummary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var sex: String?
    public var birthDate: String?
}

public struct SeriesSummary: Sendable, Equatable {
    public var id: Int64
    public var modality: String
    public var description: String?
    public var isSynthetic: Bool
    public var columns: Int, rows: Int, slices: Int
    /// Millimetres between rows and between columns of the full-size images.
    public var rowSpacing: Double, columnSpacing: Double
    /// The window stored with the images, when there was one.
    public var windowCenter: Double?, windowWidth: Double?
}

public struct CaseReport: Sendable, Equatable {
    public var text: String
    /// "en", "zh", … as imported; nil when unknown.
    public var language: String?
}

/// One model output for a case, as stored: where it came from is the importer's business.
public struct Suggestion: Sendable, Equatable {
    public var id: Int64
    public var modelID: String
    public var modelVersion: String
    /// Every class with its probability, most probable first (ties by label).
    public var probabilities: [(label: String, probability: Double)]
    public var keySlice: Int?
    /// A grey PNG over the key slice (0 = nothing, white = the model's strongest evidence).
    public var heatmapPath: String?
    /// Report words the model says drove the suggestion, strongest first.
    public var highlights: [String]
    public var createdAt: String

    public var topLabel: String? { probabilities.first?.label }

    public static func == (a: Suggestion, b: Suggestion) -> Bool {
        a.id == b.id && a.modelID == b.modelID && a.modelVersion == b.modelVersion && a.keySlice == b.keySlice
            && a.heatmapPath == b.heatmapPath && a.highlights == b.highlights && a.createdAt == b.createdAt
            && a.probabilities.map(\.label) == b.probabilities.map(\.label)
            && a.probabilities.map(\.probability) == b.probabilities.map(\.probability)
    }
}

/// A series' preview slices (see the importer): small enough to read at once, in HU
/// (or grey levels 0…4095 for PNG cases).
public struct PreviewStack: Sendable {
    public let width: Int
    public let height: Int
    public let slices: Int
    /// Slice after slice, row after row.
    public let values: [Int16]

    public func slice(_ index: Int) -> ArraySlice<Int16> {
        let size = width * height
        return values[index * size..<(index + 1) * size]
    }
}

extension CaseStore {
    public func caseRecord(_ caseID: Int64) throws(StoreError) -> CaseRecord {
        try read { db in
            guard let study = try Row.fetchOne(db, sql: """
                SELECT st.*, p.patient_id AS pid, p.name AS pname, p.sex AS psex, p.birth_date AS pbirth
                FROM studies st JOIN patients p ON p.id = st.patient_ref WHERE st.id = ?
                """, arguments: [caseID]) else { throw StoreError.notFound("case #\(caseID)") }
            let series = try Row.fetchAll(db, sql: """
                SELECT id, modality, description, is_synthetic, columns, rows, slices, row_spacing, column_spacing,
                       window_center, window_width
                FROM series WHERE study_ref = ? ORDER BY slices DESC, id
                """, arguments: [caseID]).map(SeriesSummary.init(row:))
            let reports = try Row.fetchAll(db, sql: "SELECT text, language FROM reports WHERE study_ref = ? ORDER BY id DESC",
                                           arguments: [caseID]).map { CaseReport(text: $0["text"], language: $0["language"]) }
            let suggestion = try Row.fetchOne(db, sql: "SELECT * FROM suggestions WHERE study_ref = ? ORDER BY id DESC LIMIT 1",
                                              arguments: [caseID]).map(Suggestion.init(row:))
            let reviews = try Row.fetchAll(db, sql: "SELECT * FROM reviews WHERE study_ref = ? ORDER BY id", arguments: [caseID])
                .map(Review.init(row:))
            return CaseRecord(caseID: caseID,
                              patient: PatientSummary(id: study["pid"], name: study["pname"], sex: study["psex"], birthDate: study["pbirth"]),
                              accession: study["accession"], studyDate: study["study_date"],
                              studyDescription: study["description"], series: series, reports: reports,
                              suggestion: suggestion, reviews: reviews)
        }
    }

    public func preview(ofSeries seriesID: Int64) throws(StoreError) -> PreviewStack {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT preview_width, preview_height, slices, preview FROM series WHERE id = ?",
                                             arguments: [seriesID]) else { throw StoreError.notFound("series #\(seriesID)") }
            let width: Int = row["preview_width"], height: Int = row["preview_height"], slices: Int = row["slices"]
            let data: Data = row["preview"]
            guard data.count == width * height * slices * 2 else {
                throw StoreError.invalid("the preview of series #\(seriesID) is \(data.count) bytes, expected \(width * height * slices * 2)")
            }
            let values = data.withUnsafeBytes { raw in
                (0..<width * height * slices).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
            }
            return PreviewStack(width: width, height: height, slices: slices, values: values)
        }
    }

    /// The acting user's role, nil when they have none yet. The store checks again on every write;
    /// this is for screens that explain a refusal before the user tries.
    public func actorRole() throws(StoreError) -> Role? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [actor]).flatMap(Role.init(rawValue:))
        }
    }

    /// The class labels the store's newest suggestion knows, for choosing a correction when a case has none.
    public func knownLabels() throws(StoreError) -> [String] {
        try read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT probabilities_json FROM suggestions ORDER BY id DESC LIMIT 1")
            else { return [] }
            return Suggestion.parseProbabilities(json).map(\.label).sorted()
        }
    }
}

extension SeriesSummary {
    init(row: Row) {
        id = row["id"]; modality = row["modality"]; description = row["description"]; isSynthetic = row["is_synthetic"]
        columns = row["columns"]; rows = row["rows"]; slices = row["slices"]
        rowSpacing = row["row_spacing"]; columnSpacing = row["column_spacing"]
        windowCenter = row["window_center"]; windowWidth = row["window_width"]
    }
}

extension Suggestion {
    init(row: Row) {
        id = row["id"]; modelID = row["model_id"]; modelVersion = row["model_version"]
        probabilities = Self.parseProbabilities(row["probabilities_json"])
        keySlice = row["key_slice"]; heatmapPath = row["heatmap_path"]; createdAt = row["created_at"]
        let highlightsJSON: String? = row["highlights_json"]
        highlights = highlightsJSON.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
    }

    static func parseProbabilities(_ json: String) -> [(label: String, probability: Double)] {
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        return object.compactMap { label, value in (value as? NSNumber).map { (label, $0.doubleValue) } }
            .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }
}
