import ArgumentParser
import Foundation
import Imaging
import ReviewUI
import TerminalGraphics
import TerminalScreen
import Viewing

struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Browse a series slice by slice in the terminal.",
        discussion: """
        An interactive viewer: j/k or the arrows step through slices, 1-6 choose a window preset, \
        +/- zoom (the arrows then pan), ? lists every key, q quits. Needs a terminal of at least \
        \(ViewerLayout.minimumCols)x\(ViewerLayout.minimumRows) on stdin and stdout; for pipes use `lightbox render`.

          $ lightbox view Demo/data/seed-2026-cases-12/studies/PH2051000011 --window lung
        """
    )

    @Argument(help: "A DICOM file, folder or DICOMDIR, or a PNG image.")
    var path: String

    @Option(help: "The SeriesInstanceUID to show when PATH holds several series.")
    var series: String?

    @Option(help: "The slice to start at, from 1 (default: the middle slice).")
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
        if let window, WindowPresets.standard.parse(window) == nil {
            throw ValidationError("--window '\(window)' is neither a preset (\(WindowPresets.standard.names.joined(separator: ", "))) nor W,L with W ≥ 1")
        }
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data("lightbox: view needs a terminal on stdin and stdout (for pipes use lightbox render)\n".utf8))
            throw ExitCode(64)
        }
        var signal: Int32?
        try reportingFailures {
            let document = switch try ImageSource.load(path, seriesUID: series, limits: ImportLimits()) {
            case let .dicom(series, volume): ViewerDocument(volume: volume, series: series.info, path: path)
            case let .png(image): ViewerDocument(png: image, path: path)
            }
            if let slice, slice > document.sliceCount {
                throw CommandFailure("\(path): slice \(slice) requested, the series has \(document.sliceCount)")
            }
            let state = initialState(document)
            let options = TerminalScreen.Options(colorMode: colors?.mode, unicode: cells.map { $0.geometry != .ascii })
            do {
                signal = try TerminalScreen.run(options: options, environment: TerminalProbe.environment) { screen in
                    let capabilities = screen.capabilities
                    let geometry = capabilities.unicode ? cells?.geometry ?? capabilities.defaultGeometry : .ascii
                    var session = ViewerSession(document: document,
                                                renderer: SliceRenderer(geometry: geometry, colorMode: capabilities.colorMode),
                                                state: state)
                    return session.run(on: screen)
                }
            } catch let error as TerminalScreenError {
                throw CommandFailure(error.description)
            }
        }
        // A quit signal ends the program the conventional way, after the terminal was restored.
        if let signal { throw ExitCode(128 + signal) }
    }

    private func initialState(_ document: ViewerDocument) -> ViewerState {
        let preset = window.flatMap { name in WindowPresets.standard.entries.first { $0.window == WindowPresets.standard.window(named: name) } }
        return ViewerState(sliceCount: document.sliceCount, slice: (slice ?? (document.sliceCount + 1) / 2) - 1,
                           window: window.flatMap(WindowPresets.standard.parse) ?? document.defaultWindow,
                           windowName: preset?.name ?? (window == nil ? "default" : "custom"))
    }
}
