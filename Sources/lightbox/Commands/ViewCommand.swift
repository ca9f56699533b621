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

    @OptionGroup var options: SliceOptions

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            writeErr("lightbox: view needs a terminal on stdin and stdout (for pipes use lightbox render)\n")
            throw ExitCode(64)
        }
        var signal: Int32?
        try reportingFailures {
            let document = switch try ImageSource.load(path, seriesUID: options.series, limits: ImportLimits()) {
            case let .dicom(series, volume): ViewerDocument(volume: volume, series: series.info, path: path)
            case let .png(image): ViewerDocument(png: image, path: path)
            }
            let state = try initialState(document)
            let screenOptions = TerminalScreen.Options(colorMode: options.colors?.mode,
                                                       unicode: options.cells.map { $0.geometry != .ascii })
            do {
                signal = try TerminalScreen.run(options: screenOptions, environment: TerminalProbe.environment) { screen in
                    let capabilities = screen.capabilities
                    let geometry = capabilities.unicode ? options.cells?.geometry ?? capabilities.defaultGeometry : .ascii
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

    private func initialState(_ document: ViewerDocument) throws -> ViewerState {
        let preset = options.window.flatMap { name in
            WindowPresets.standard.entries.first { $0.window == WindowPresets.standard.window(named: name) }
        }
        return ViewerState(sliceCount: document.sliceCount, slice: try options.sliceIndex(of: document.sliceCount, path: path),
                           window: options.chosenWindow ?? document.defaultWindow,
                           windowName: preset?.name ?? (options.window == nil ? "default" : "custom"))
    }
}
