import Foundation
import GRDB
import Imaging

extension CaseStore {
    /// Imports images, then reports, then suggestions (which need the cases to exist).
    /// Admin only. Each series is its own transaction with its audit entry, so an import
    /// stopped halfway leaves whole cases behind; anything already stored is counted as a
    /// duplicate and left alone, so running the same import again changes nothing.
    public func importData(_ request: ImportRequest,
                           progress: (ImportProgress) -> Void = { _ in }) throws(StoreError) -> ImportSummary {
        try write { db in _ = try authorize(db, .importData) }
        var summary = ImportSummary()
        let (cases, problems) = Self.findImages(request)
        summary.skipped += problems
        for (index, item) in cases.enumerated() {
            progress(ImportProgress(phase: "images", done: index, total: cases.count))
            try importImage(item, into: &summary)
        }
        progress(ImportProgress(phase: "images", done: cases.count, total: cases.count))
        if let reports = request.reports {
            let found = ReportSource.read(reports)
            summary.skipped += found.problems
            try importReports(found.entries, into: &summary)
        }
        if let suggestions = request.suggestions {
            let found = SuggestionSource.read(suggestions)
            summary.skipped += found.problems
            try importSuggestions(found.entries, file: suggestions, into: &summary)
        }
        return summary
    }

    /// DICOM series through the catalog and PNG files; unreadable files become problems.
    private static func findImages(_ request: ImportRequest) -> ([ImageCase], [ImportProblem]) {
        var problems: [ImportProblem] = []
        let pngs = pngFiles(at: request.path)
        var cases: [ImageCase] = []
        for path in pngs {
            do throws(ImagingError) { cases.append(try .png(path)) } catch {
                problems.append(ImportProblem(file: path, reason: "skipped: \(error.description)"))
            }
        }
        if pngs.first != request.path {
            let catalog = DicomCatalog.scan(request.path, limits: request.limits)
            problems += catalog.skipped.filter { !$0.path.lowercased().hasSuffix(".png") }
                .map { ImportProblem(file: $0.path, reason: "skipped: \($0.reason)") }
            for patient in catalog.patients {
                for study in patient.studies {
                    cases += study.series.map { .dicom($0, patient: patient.info, study: study.info, root: request.path) }
                }
            }
        }
        return (cases, problems)
    }

    private static func pngFiles(at path: String) -> [String] {
        if path.lowercased().hasSuffix(".png") { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.lowercased().hasSuffix(".png") }.sorted().map { path + "/" + $0 }
    }

    private func importImage(_ item: ImageCase, into summary: inout ImportSummary) throws(StoreError) {
        let known = try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM series WHERE series_uid = ?", arguments: [item.series.instanceUID]) != nil
        }
        if known {
            summary.duplicates.series += 1
            return
        }
        let preview: SeriesPreview
        do throws(ImagingError) { preview = try item.preview() } catch {
            summary.skipped.append(ImportProblem(file: item.sourcePath, reason: "series skipped: \(error.description)"))
            return
        }
        let inserted = try write { db in
            _ = try authorize(db, .importData)
            return try insert(db, item, preview: preview)
        }
        if inserted { summary.imported.series += 1 } else { summary.duplicates.series += 1 }
    }

    /// Patient and study are shared by series, so they are created only when missing.
    /// Returns false when another process stored the series first.
    private func insert(_ db: Database, _ item: ImageCase, preview: SeriesPreview) throws -> Bool {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM series WHERE series_uid = ?", arguments: [item.series.instanceUID]) != nil {
            return false
        }
        let patientRef = try findOrCreatePatient(db, item.patient)
        let studyRef = try findOrCreateStudy(db, item.study, patientRef: patientRef)
        let g = item.geometry
        try db.execute(sql: """
            INSERT INTO series (study_ref, series_uid, modality, description, source_path, file_count, is_synthetic,
                columns, rows, slices, row_spacing, column_spacing, slice_spacing, slice_thickness, geometry_json,
                window_center, window_width, preview_width, preview_height, preview)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [studyRef, item.series.instanceUID, item.series.modality, item.series.description,
                             item.sourcePath, item.fileCount, item.series.isSynthetic, g.columns, g.rows, g.slices,
                             g.rowSpacing, g.columnSpacing, g.sliceSpacing, g.sliceThickness, GeometryDetails(g, sliceFiles: item.sliceFiles).json,
                             item.window?.center, item.window?.width, preview.width, preview.height, Data(preview.bytes)])
        try AuditLog.append(db, store: self, action: "series.import", objectType: "series", objectID: String(db.lastInsertedRowID),
                            details: ["case": String(studyRef), "slices": String(g.slices), "source": item.sourcePath])
        return true
    }

    private func findOrCreatePatient(_ db: Database, _ patient: PatientInfo) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM patients WHERE patient_id = ?", arguments: [patient.id]) {
            return id
        }
        try db.execute(sql: "INSERT INTO patients (patient_id, name, birth_date, sex) VALUES (?, ?, ?, ?)",
                       arguments: [patient.id, patient.name, patient.birthDate, patient.sex])
        let id = db.lastInsertedRowID
        try AuditLog.append(db, store: self, action: "patient.create", objectType: "patient", objectID: String(id))
        return id
    }

    private func findOrCreateStudy(_ db: Database, _ study: StudyInfo, patientRef: Int64) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM studies WHERE study_uid = ?", arguments: [study.instanceUID]) {
            return id
        }
        try db.execute(sql: """
            INSERT INTO studies (patient_ref, study_uid, accession, study_date, description, imported_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [patientRef, study.instanceUID, study.accessionNumber, StudyDate.iso(study.date),
                             study.description, now])
        let id = db.lastInsertedRowID
        try AuditLog.append(db, store: self, action: "case.create", objectType: "case", objectID: String(id))
        return id
    }

    /// All reports of one import in one transaction: a report is a few kilobytes.
    private func importReports(_ entries: [ReportEntry], into summary: inout ImportSummary) throws(StoreError) {
        guard !entries.isEmpty else { return }
        summary = try write { db in
            var summary = summary
            for entry in entries {
                guard let caseID = try caseID(db, key: entry.key) else {
                    summary.skipped.append(ImportProblem(file: entry.file, line: entry.line,
                                                         reason: "no case with this accession or study UID in the store"))
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO reports (study_ref, text, language, source, imported_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (study_ref, text) DO NOTHING
                    """, arguments: [caseID, entry.text, entry.language, entry.file, now])
                guard db.changesCount > 0 else { summary.duplicates.reports += 1; continue }
                summary.imported.reports += 1
                try AuditLog.append(db, store: self, action: "report.import", objectType: "report",
                                    objectID: String(db.lastInsertedRowID),
                                    details: ["case": String(caseID), "language": entry.language, "source": entry.file])
            }
            return summary
        }
    }

    private func importSuggestions(_ entries: [SuggestionEntry], file: String,
                                   into summary: inout ImportSummary) throws(StoreError) {
        guard !entries.isEmpty else { return }
        summary = try write { db in
            var summary = summary
            for entry in entries {
                guard let caseID = try caseID(db, key: entry.key) else {
                    summary.skipped.append(ImportProblem(file: file, line: entry.line,
                                                         reason: "no case with this accession or study UID in the store"))
                    continue
                }
                if let slice = entry.suggestion.keySlice,
                   let slices = try Int.fetchOne(db, sql: "SELECT MAX(slices) FROM series WHERE study_ref = ?", arguments: [caseID]),
                   slice >= slices {
                    summary.skipped.append(ImportProblem(file: file, line: entry.line,
                                                         reason: "key_slice \(slice) is past the case's \(slices) slices"))
                    continue
                }
                if try insert(db, entry.suggestion, caseID: caseID, source: file) {
                    summary.imported.suggestions += 1
                } else {
                    summary.duplicates.suggestions += 1
                }
            }
            return summary
        }
    }

    /// The case an accession number or StudyInstanceUID names.
    private func caseID(_ db: Database, key: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM studies WHERE accession = ? OR study_uid = ? LIMIT 1", arguments: [key, key])
    }
}

/// DICOM dates (YYYYMMDD) are stored as ISO dates (YYYY-MM-DD) so they sort and compare as text.
enum StudyDate {
    static func iso(_ dicom: String?) -> String? {
        guard let dicom, dicom.count == 8, dicom.allSatisfy(\.isNumber) else { return dicom }
        let d = Array(dicom)
        return "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))"
    }
}
