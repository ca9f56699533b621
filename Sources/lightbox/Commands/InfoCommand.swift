import ArgumentParser
import Foundation
import Imaging

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the patient/study/series tree of DICOM data, and what was skipped.",
        discussion: """
        PATH may be a DICOM file, a folder (searched recursively) or a DICOMDIR. Only headers \
        are read, so this is quick even for large studies.

          $ lightbox info Demo/data/seed-2026-cases-12/studies/PH2051000011
        """
    )

    @Argument(help: "A DICOM file, a folder, or a DICOMDIR.")
    var path: String

    @Option(help: "Largest image (rows x columns) to accept.")
    var maxPixels: Int = ImportLimits().maxPixelsPerImage

    func run() throws {
        try reportingFailures {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure("\(path): no such file or folder", .noInput)
            }
            let catalog = DicomCatalog.scan(path, limits: ImportLimits(maxPixelsPerImage: maxPixels))
            writeOut(CatalogReport(catalog: catalog).text)
            if catalog.patients.isEmpty { throw CommandFailure("\(path): no usable DICOM image found") }
        }
    }
}

/// The text of `lightbox info`: a pure function of the catalog, for tests.
struct CatalogReport {
    let catalog: DicomCatalog

    var text: String {
        var lines: [String] = []
        for patient in catalog.patients {
            let p = patient.info
            let extra = [p.sex, p.birthDate.map(formatDate)].compactMap { $0 }.joined(separator: ", ")
            lines.append("Patient \(p.id.isEmpty ? "(no ID)" : p.id)  \(p.name)" + (extra.isEmpty ? "" : "  (\(extra))"))
            for study in patient.studies {
                let s = study.info
                var line = "  Study \(s.instanceUID)"
                if let date = s.date { line += "  \(formatDate(date))" }
                if let accession = s.accessionNumber { line += "  accession \(accession)" }
                if let description = s.description { line += "  \"\(description)\"" }
                lines.append(line)
                for series in study.series { lines += describe(series) }
            }
        }
        if !catalog.skipped.isEmpty {
            lines.append("Skipped \(catalog.skipped.count) file\(catalog.skipped.count == 1 ? "" : "s"):")
            lines += catalog.skipped.map { "  \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ series: Series) -> [String] {
        let g = series.geometry
        var head = "    Series \(series.info.instanceUID)  \(series.info.modality)"
        if let number = series.info.number { head += " #\(number)" }
        if let description = series.info.description { head += "  \"\(description)\"" }
        if series.info.isSynthetic { head += "  [synthetic — not for clinical use]" }
        var lines = [head]
        var geometry = "      \(g.columns)x\(g.rows)x\(g.slices) \(g.orientationName)"
        geometry += "  pixel \(mm(g.rowSpacing))x\(mm(g.columnSpacing)) mm"
        geometry += "  slice spacing \(mm(g.sliceSpacing)) mm"
        if let thickness = g.sliceThickness { geometry += " (thickness \(mm(thickness)))" }
        lines.append(geometry)
        var details = "      \(series.fileCount) file\(series.fileCount == 1 ? "" : "s")  \(series.photometric.rawValue)"
        if let window = series.storedWindow { details += "  window \(window)" }
        details += "  transfer syntax \(series.transferSyntaxUIDs.joined(separator: ", "))"
        lines.append(details)
        lines += series.warnings.map { "      warning: \($0)" }
        return lines
    }

    private func mm(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)"
    }

    private func formatDate(_ dicom: String) -> String {
        guard dicom.count == 8, dicom.allSatisfy(\.isNumber) else { return dicom }
        let d = Array(dicom)
        return "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))"
    }
}
