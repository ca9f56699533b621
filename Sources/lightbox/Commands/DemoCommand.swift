import ArgumentParser
import CaseStore
import Foundation
import Imaging
import Phantom
import PhantomDICOM
import TerminalGraphics
import Training
import Viewing

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The demo: synthetic studies with the fusion model's suggestions, in the review screens.",
        subcommands: [Open.self, Generate.self, Show.self],
        defaultSubcommand: Open.self
    )

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate the demo studies (once), import them with their reports and suggestions, and open the worklist.",
            discussion: """
            Everything lives under FOLDER/seed-S-cases-N: the DICOM studies, reports and ground truth \
            (`demo generate`); the demo's own case store lightbox.sqlite, so your real store is never \
            touched; and the demo model's suggestions in it (--model, trained by `lightbox train` on phantom \
            studies of another seed; its model card has its held-out figures), run on each study as \
            `lightbox import --model` runs it, with Grad-CAM maps in heatmaps/. The import is done by "<you>-demo-setup", the demo store's admin, and \
            you review as a trainer. Running it again reuses what is there.

              $ lightbox demo --folder Demo/data
            """
        )

        @Option(help: "The folder that holds the demo's data.")
        var folder = "Demo/data"

        @Option(help: "How many studies.")
        var cases = 12

        @Option(help: "The seed that decides everything about the studies.")
        var seed: UInt64 = 2026

        @Option(help: "The model whose suggestions the demo shows.")
        var model = "Demo/model"

        @OptionGroup var review: ReviewOptions

        func validate() throws {
            if cases < 1 { throw ValidationError("--cases must be at least 1") }
        }

        func run() throws {
            try reportingStoreFailures {
                let data = "\(folder)/seed-\(seed)-cases-\(cases)"
                if !FileManager.default.fileExists(atPath: data + "/" + DemoDataset.manifestName) {
                    try generateDemo(cases: cases, seed: seed, into: data + ".partial")
                    try? FileManager.default.removeItem(atPath: data)
                    try FileManager.default.moveItem(atPath: data + ".partial", toPath: data)
                }
                let directory = try ModelRun.load(model, hint: " (train one: lightbox train --data phantom:7:3000 --epochs 6 --schedule cosine --out \(model))")
                if let training = directory.training, training.data.hasPrefix("phantom:\(seed):") {
                    throw CommandFailure("\(model) was trained on phantom seed \(seed); choose another --seed for the demo", .usage)
                }
                let path = data + "/lightbox.sqlite"
                let setup = try CaseStore(path: path, actor: OSUser.current + "-demo-setup")
                let summary = try setup.importData(ImportRequest(path: data + "/studies", reports: data + "/reports"),
                                                   progress: ImportProgressLine().show)
                for problem in summary.skipped { writeErr("lightbox: \(problem)\n") }
                try ModelRun.suggestUnanswered(by: directory, in: setup)
                if try !setup.users().contains(where: { $0.name == OSUser.current && $0.role == .trainer }) {
                    try setup.setRole(.trainer, for: OSUser.current)
                }
                let reader = try CaseStore(path: path)
                try review.run(store: reader, suggestions: CaseSuggester(directory: directory, store: reader).reviewWorker)
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic chest-CT studies as DICOM, with reports and a ground-truth manifest.",
            discussion: """
            The studies are phantoms made by Lightbox from the seed: the same seed and count \
            give the same bytes. They are marked as synthetic in every file and are not for \
            clinical use. Layout: DIR/studies/<PatientID>/*.dcm, DIR/reports/<Accession>.txt, \
            DIR/manifest.jsonl.

              $ lightbox demo generate --cases 12 --seed 2026 --out Demo/data
            """
        )

        @Option(help: "How many studies.")
        var cases: Int = 12

        @Option(help: "The seed that decides everything about the studies.")
        var seed: UInt64 = 2026

        @Option(help: "The folder to write into (created if needed).")
        var out: String

        func validate() throws {
            if cases < 1 { throw ValidationError("--cases must be at least 1") }
        }

        func run() throws {
            try reportingFailures { try generateDemo(cases: cases, seed: seed, into: out) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Page through generated studies: the key slice, the report and the ground truth.",
            discussion: """
            Each study's key slice is drawn in the lung window at the size of the terminal, \
            followed by its report. On a terminal, Enter shows the next study and q stops.

              $ lightbox demo show Demo/data
            """
        )

        @Argument(help: "A folder written by `lightbox demo generate`.")
        var folder: String

        @Option(help: ArgumentHelp("Cell geometry.", valueName: CellsArgument.allValueStrings.joined(separator: "|")))
        var cells: CellsArgument?

        @Option(help: ArgumentHelp("Colours.", valueName: ColorsArgument.allValueStrings.joined(separator: "|")))
        var colors: ColorsArgument?

        @Option(help: "Show at most this many studies.")
        var limit: Int?

        func run() throws {
            try reportingFailures {
                let manifestPath = folder + "/" + DemoDataset.manifestName
                guard let data = FileManager.default.contents(atPath: manifestPath) else {
                    throw CommandFailure("\(manifestPath): not found (run `lightbox demo generate --out \(folder)` first)", .noInput)
                }
                let entries: [PhantomManifestEntry]
                do { entries = try PhantomManifest.entries(from: data) } catch {
                    throw CommandFailure("\(manifestPath): not a Lightbox manifest (\(error))")
                }
                let capabilities = TerminalProbe.capabilities()
                let renderer = SliceRenderer(geometry: cells?.geometry ?? capabilities.defaultGeometry,
                                             colorMode: colors?.mode ?? capabilities.colorMode)
                let size = TerminalProbe.windowSize() ?? (100, 40)
                let paging = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
                for (number, entry) in entries.prefix(limit ?? entries.count).enumerated() {
                    let page = try DemoPage(entry: entry, folder: folder, number: number + 1, of: entries.count)
                    writeOut(page.text(renderer: renderer, cols: size.cols, rows: size.rows, unicode: capabilities.unicode))
                    if paging {
                        writeOut("Enter: next study   q: quit ")
                        guard let answer = readLine(), !answer.lowercased().hasPrefix("q") else { break }
                    }
                }
            }
        }
    }
}

/// One study of the demo as text: header, key slice, report, ground truth.
struct DemoPage {
    let entry: PhantomManifestEntry
    let volume: Volume
    let number: Int
    let count: Int

    init(entry: PhantomManifestEntry, folder: String, number: Int, of count: Int) throws {
        self.entry = entry
        self.number = number
        self.count = count
        guard case let .dicom(_, volume) = try ImageSource.load(folder + "/studies/" + entry.patientID, seriesUID: nil,
                                                                limits: ImportLimits()) else {
            throw CommandFailure("\(folder)/studies/\(entry.patientID): expected a DICOM series")
        }
        self.volume = volume
    }

    func text(renderer: SliceRenderer, cols: Int, rows: Int, unicode: Bool) -> String {
        let dash = unicode ? "—" : "-"
        var header = "[\(number)/\(count)] SYNTHETIC DEMO \(dash) not for clinical use   "
        header += "\(entry.patientID)  \(entry.patientName)  \(entry.sex.rawValue) \(entry.age)y  "
        header += "slice \(entry.keySlice + 1)/\(entry.sliceCount)  lung W1500 L-600"
        let truth = "ground truth: \(entry.label.rawValue)" + (entry.prior == .none ? "" : " (history: \(entry.prior.rawValue))")
        // Without a UTF-8 locale, text that is not ASCII would print as garbage.
        let readable = { (line: String) in unicode ? line : TextLayout.asciiFallback(line) }
        let reportLines = TextLayout.wrap(readable(entry.report + "\n" + truth), width: max(cols, 20))
        let headerLines = TextLayout.wrap(readable(header), width: max(cols, 20))
        let imageRows = max(4, rows - headerLines.count - reportLines.count - 2)
        let state = SliceViewState(window: WindowPresets.standard.window(named: "lung")!)
        let grid = renderer.render(ViewableSlice(volume: volume, slice: entry.keySlice), state: state,
                                   cols: cols, rows: imageRows)
        let image = String(decoding: ANSIEncoder(unicode: renderer.geometry != .ascii).encode(grid), as: UTF8.self)
        return (headerLines + [image] + reportLines + [""]).joined(separator: "\n")
    }
}

/// Writes the demo studies with a progress line on stderr (redrawn in place on a terminal).
private func generateDemo(cases: Int, seed: UInt64, into folder: String) throws {
    let interactive = isatty(STDERR_FILENO) == 1
    do throws(ImagingError) {
        let studies = try DemoDataset.generate(count: cases, seed: seed, into: folder) { done, study in
            let line = "generated \(done)/\(cases): \(study.patient.id) (\(study.sliceCount) slices)"
            writeErr(interactive ? "\r\u{1B}[K" + line : line + "\n")
        }
        if interactive { writeErr("\n") }
        let slices = studies.reduce(0) { $0 + $1.sliceCount }
        writeOut("wrote \(studies.count) synthetic studies (\(slices) slices) to \(folder)\n")
    } catch {
        throw CommandFailure(error.description, .cannotCreate)
    }
}
