import ArgumentParser
import CaseStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export decisions beside the AI suggestions they answered (trainer or admin).",
        discussion: """
        One row per decision: AI label and probability, the reviewer's action and label, location \
        slice, difficulty, note, seconds spent, reviewer, role, time and the review it supersedes. \
        --deidentify replaces patient names, IDs, study UIDs and accessions with pseudonyms that are \
        stable for this store, and dates with days since the patient's first study. Every export is \
        recorded in the audit log.

          $ lightbox export --format csv --since 2026-01-01 --deidentify --out decisions.csv
        """
    )

    @Option(help: ArgumentHelp("Output format.", valueName: "csv|jsonl"))
    var format: ExportFormat

    @Option(help: "Only decisions made on or after this day (YYYY-MM-DD).")
    var since: String?

    @Flag(help: "Replace identifiers with pseudonyms and dates with day offsets.")
    var deidentify = false

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingStoreFailures {
            if let out, !FileManager.default.createFile(atPath: out, contents: nil) {
                throw CommandFailure("\(out): cannot create the file", .cannotCreate)
            }
            let options = ExportOptions(format: format, since: since, deidentify: deidentify, destination: out ?? "stdout")
            let result = try store.open().exportDecisions(options)
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(result.text.utf8)) else {
                    throw CommandFailure("\(out): cannot write the file", .cannotCreate)
                }
            } else {
                writeOut(result.text)
            }
            // Always say how many, on stderr: an empty export must not look like a failure.
            writeErr("lightbox: exported \(result.rowCount) decisions to \(out ?? "stdout")\n")
        }
    }
}
