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
            if let map {
                do throws(ImagingError) { try suggestion.writeHeatmap(to: map) } catch { throw CommandFailure(error.description, .cannotCreate) }
            }
            if let heatmap, let key = suggestion.keySlice, let grid = suggestion.heatmap {
                let slice = ViewableSlice(volume: volume, slice: key,
                                          heatmap: ScalarImage(width: grid.size, height: grid.size, values: grid.values))
                let state = SliceViewState(window: WindowPresets.standard.window(named: "lung")!, overlay: OverlaySettings())
                let rgb = SliceRenderer.composedRGB(slice, state: state)
                try write(rgb.bytes, width: rgb.width, height: rgb.height, to: heatmap)
            }
            writeOut(suggestion.jsonLine(studyUID: study.info.instanceUID, accession: study.info.accessionNumber,
                                         modelVersion: directory.version, report: text,
                                         heatmapPath: map.map { URL(fileURLWithPath: $0).path }) + "\n")
            writeErr(summary(suggestion, report: text))
        }
    }

    private func readReport(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("\(path): cannot be read", .noInput) }
        guard let text = String(validating: data, as: UTF8.self) else { throw CommandFailure("\(path): not valid UTF-8") }
        return text
    }

    private func write(_ bytes: [UInt8], width: Int, height: Int, to path: String) throws {
        do throws(ImagingError) { try PNGCodec.writeRGB(bytes, width: width, height: height, to: path) } catch {
            throw CommandFailure(error.description, .cannotCreate)
        }
    }

    private func summary(_ s: StudySuggestion, report: String) -> String {
        let ranked = s.labels.indices.sorted { s.probabilities[$0] > s.probabilities[$1] }
        var lines = ranked.map { String(format: "  %-18@ %.3f", s.labels[$0] as NSString, s.probabilities[$0]) }
        lines.insert("suggestion: \(s.labels[s.topClass])" + (s.keySlice.map { ", key slice \($0 + 1)" } ?? ""), at: 0)
        let words = s.highlightedWords(in: report).map { "\"\($0)\"" }
        if !words.isEmpty { lines.append("  report words for it: " + words.joined(separator: ", ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
