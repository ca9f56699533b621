import GRDB

/// A value in an export row: typed, so JSONL keeps numbers as numbers.
enum ExportValue: Equatable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null

    init(_ text: String?) { self = text.map(ExportValue.text) ?? .null }
    init(_ number: Int64?) { self = number.map(ExportValue.integer) ?? .null }
    init(_ number: Double?) { self = number.map(ExportValue.real) ?? .null }
}

/// One decision joined with its case and the suggestion it answered.
struct DecisionRow {
    static let query = """
        SELECT r.*, st.study_uid, st.accession, st.study_date, p.patient_id, p.name AS patient_name,
               (SELECT MIN(o.study_date) FROM studies o WHERE o.patient_ref = p.id) AS first_study_date,
               sg.model_id, sg.model_version, sg.top_label, sg.top_probability,
               NOT EXISTS (SELECT 1 FROM reviews later WHERE later.supersedes_ref = r.id) AS is_current
        FROM reviews r
        JOIN studies st ON st.id = r.study_ref
        JOIN patients p ON p.id = st.patient_ref
        LEFT JOIN suggestions sg ON sg.id = r.suggestion_ref
        WHERE r.created_at >= ?
        ORDER BY r.id
        """

    let row: Row

    /// The column names in order, with or without rows: the names `fields` gives a row that holds
    /// nothing but an action, so the header of an empty export cannot drift from the rows.
    static func columns(pseudonyms: Pseudonymizer?) -> [String] {
        DecisionRow(row: ["action": "accept"]).fields(pseudonyms: pseudonyms).map(\.0)
    }

    /// The fields in column order. With pseudonyms, identifiers are replaced and dates become
    /// day offsets from the patient's first study.
    func fields(pseudonyms: Pseudonymizer?) -> [(String, ExportValue)] {
        let action: String = row["action"]
        let aiLabel: String? = row["top_label"]
        let humanLabel: String? = row["label"]
        let finalLabel = action == "accept" ? aiLabel : humanLabel
        var fields: [(String, ExportValue)] = [("review_id", ExportValue(row["id"] as Int64?))]
        if let pseudonyms {
            let first = CivilDay.number(row["first_study_date"])
            let offset = { (date: String?) in ExportValue(zip(CivilDay.number(date), first).map { Int64($0 - $1) }) }
            fields += [
                ("patient", ExportValue(pseudonyms.pseudonym("P", row["patient_id"]))),
                ("study", ExportValue(pseudonyms.pseudonym("S", row["study_uid"]))),
                ("accession", ExportValue(pseudonyms.pseudonym("A", row["accession"]))),
                ("study_day", offset(row["study_date"])),
                ("reviewed_day", offset(row["created_at"])),
            ]
        } else {
            fields += [
                ("patient_id", ExportValue(row["patient_id"] as String?)),
                ("patient_name", ExportValue(row["patient_name"] as String?)),
                ("study_uid", ExportValue(row["study_uid"] as String?)),
                ("accession", ExportValue(row["accession"] as String?)),
                ("study_date", ExportValue(row["study_date"] as String?)),
                ("reviewed_at", ExportValue(row["created_at"] as String?)),
            ]
        }
        fields += [
            ("model_id", ExportValue(row["model_id"] as String?)),
            ("model_version", ExportValue(row["model_version"] as String?)),
            ("ai_label", ExportValue(aiLabel)),
            ("ai_probability", ExportValue(row["top_probability"] as Double?)),
            ("action", ExportValue(action)),
            ("human_label", ExportValue(humanLabel)),
            ("final_label", ExportValue(finalLabel)),
            ("location_slice", ExportValue(row["location_slice"] as Int64?)),
            ("difficulty", ExportValue(row["difficulty"] as Int64?)),
            ("note", ExportValue(row["note"] as String?)),
            ("seconds_spent", ExportValue(row["seconds_spent"] as Double?)),
            ("reviewer", ExportValue(row["reviewer"] as String?)),
            ("role", ExportValue(row["role"] as String?)),
            ("supersedes", ExportValue(row["supersedes_ref"] as Int64?)),
            ("is_current", ExportValue((row["is_current"] as Int64?))),
        ]
        return fields
    }
}

private func zip(_ a: Int?, _ b: Int?) -> (Int, Int)? {
    guard let a, let b else { return nil }
    return (a, b)
}
