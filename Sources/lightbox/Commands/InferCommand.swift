import ArgumentParser
import Foundation
import Imaging
import Model
import Training
import Viewing

struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Run a model on one DICOM study and print its suggestion.",
        discussion: """
        Prints one JSON line in the format `lightbox import --suggestions` reads (probabilities, key \
        slice, and with --map the Grad-CAM map file), and a summary with the report words that drove \
        the suggestion on stderr. --heatmap writes the key slice with the Grad-CAM overlay as a PNG.

          $ lightbox infer Demo/data/seed-2026-cases-12/studies/PH2051000011 --model models/fusion-1 \\
              --report Demo/data/seed-2026-cases-12/reports/AC242051000011.txt --heatmap key.png
        """
    )

    @Argument(help: "A DICOM study: file, folder or DICOMDIR.")
    var path: String

    @Option(help: "A model folder written by `lightbox train`.")
    var model: String

    @Option(help: "The report (UTF-8 text); without it the model reads an empty report.")
    var report: String?

    @Option(help: "Write the key slice with the Grad-CAM overlay (lung window) as a PNG.")
    var heatmap: String?

    @Option(help: "Write the Grad-CAM map itself (grey PNG over the whole slice) and name it in the JSON line.")
    var map: String?

    func run() throws {
        try reportingFailures {
            let directory: ModelDirectory
            do throws(ModelDirectory.Problem) { directory = try ModelDirectory.load(model) } catch {
                throw CommandFailure(error.description, .noInput)
            }
            guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("\(path): no such file or folder", .noInput) }
            let catalog = DicomCatalog.scan(path)
            let studies = catalog.patients.flatMap(\.studies)
            guard let study = studies.max(by: { ($0.series.map(\.geometry.slices).max() ?? 0) < ($1.series.map(\.geometry.slices).max() ?? 0) }),
                  let series = study.series.max(by: { $0.geometry.slices < $1.geometry.slices }) else {
                throw CommandFailure("\(path): no DICOM series found" + (catalog.skipped.isEmpty ? "" : " (\(catalog.skipped.count) files skipped)"))
            }
            let volume: Volume
            do throws(ImagingError) { volume = try series.loadVolume() } catch { throw CommandFailure(error.description) }
            let text = try report.map(readReport) ?? ""
            let suggestion = directory.suggest(volume: volume, report: text)
            if let map, let grid = suggestion.heatmap {
                let grey = grid.values.flatMap { v -> [UInt8] in let b = UInt8((min(max(v, 0), 1) * 255).rounded()); return [b, b, b] }
                try write(grey, size: grid.size, to: map)
            }
            if let heatmap, let key = suggestion.keySlice, let grid = suggestion.heatmap {
                let slice = ViewableSlice(volume: volume, slice: key,
                                          heatmap: ScalarImage(width: grid.size, height: grid.size, values: grid.values))
                let state = SliceViewState(window: WindowPresets.standard.window(named: "lung")!, overlay: OverlaySettings())
                let rgb = SliceRenderer.composedRGB(slice, state: state)
                try write(rgb.bytes, width: rgb.width, height: rgb.height, to: heatmap)
            }
            writeOut(jsonLine(suggestion, study: study.info, version: directory.version) + "\n")
            FileHandle.standardError.write(Data(summary(suggestion, report: text).utf8))
        }
    }

    private func readReport(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("\(path): cannot be read", .noInput) }
        guard let text = String(validating: data, as: UTF8.self) else { throw CommandFailure("\(path): not valid UTF-8") }
        return text
    }

    private func write(_ bytes: [UInt8], size: Int, to path: String) throws {
        try write(bytes, width: size, height: size, to: path)
    }

    private func write(_ bytes: [UInt8], width: Int, height: Int, to path: String) throws {
        do throws(ImagingError) { try PNGCodec.writeRGB(bytes, width: width, height: height, to: path) } catch {
            throw CommandFailure(error.description, .cannotCreate)
        }
    }

    private func jsonLine(_ s: StudySuggestion, study: StudyInfo, version: String) -> String {
        var object: [String: Any] = [
            "study_uid": study.instanceUID,
            "model_id": "lightbox-fusion", "model_version": version,
            "probabilities": Dictionary(uniqueKeysWithValues: zip(s.labels, s.probabilities)),
            "key_slice": s.keySlice.map { $0 as Any } ?? NSNull(),
        ]
        if let map { object["heatmap"] = URL(fileURLWithPath: map).path }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func summary(_ s: StudySuggestion, report: String) -> String {
        let ranked = s.labels.indices.sorted { s.probabilities[$0] > s.probabilities[$1] }
        var lines = ranked.map { String(format: "  %-18@ %.3f", s.labels[$0] as NSString, s.probabilities[$0]) }
        lines.insert("suggestion: \(s.labels[s.topClass])" + (s.keySlice.map { ", key slice \($0 + 1)" } ?? ""), at: 0)
        let words = s.tokenAttributions.sorted { $0.score > $1.score }.prefix(5).map { "\"\(report[$0.range])\"" }
        if !words.isEmpty { lines.append("  report words for it: " + words.joined(separator: ", ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
