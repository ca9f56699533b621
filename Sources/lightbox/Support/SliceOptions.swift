import ArgumentParser
import Imaging

/// The options of every command that shows a slice (`render`, `view`): which
/// series and slice, which window, and how to draw it.
struct SliceOptions: ParsableArguments {
    @Option(help: "The SeriesInstanceUID to show when PATH holds several series.")
    var series: String?

    @Option(help: "The slice to show first, from 1 (default: the middle slice).")
    var slice: Int?

    @Option(help: ArgumentHelp("A preset (\(WindowPresets.standard.names.joined(separator: ", "))) or W,L in HU (default: the file's own window).",
                               valueName: "name|W,L"))
    var window: String?

    @Option(help: ArgumentHelp("Cell geometry.", valueName: CellsArgument.allValueStrings.joined(separator: "|")))
    var cells: CellsArgument?

    @Option(help: ArgumentHelp("Colours.", valueName: ColorsArgument.allValueStrings.joined(separator: "|")))
    var colors: ColorsArgument?

    func validate() throws {
        if let slice, slice < 1 { throw ValidationError("--slice counts from 1") }
        if let window, chosenWindow == nil {
            throw ValidationError("--window '\(window)' is neither a preset (\(WindowPresets.standard.names.joined(separator: ", "))) nor W,L with W ≥ 1")
        }
    }

    /// The window asked for, if any.
    var chosenWindow: Window? { window.flatMap(WindowPresets.standard.parse) }

    /// The zero-based slice to show of `count`, or a failure naming `path`.
    func sliceIndex(of count: Int, path: String) throws -> Int {
        let index = (slice ?? (count + 1) / 2) - 1
        guard index < count else { throw CommandFailure("\(path): slice \(index + 1) requested, the series has \(count)") }
        return index
    }
}
