import ArgumentParser
import Foundation
import Imaging
import TerminalGraphics
import Viewing

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw one slice as block graphics on stdout, or write it as a PNG.",
        discussion: """
        The output fills exactly --cols x --rows cells (the terminal's size by default). The \
        physical aspect ratio is kept with black bars unless --stretch is given. Colours and \
        Unicode are detected from the terminal; --colors and --cells override them.

          $ lightbox render Demo/data/seed-2026-cases-12/studies/PH2051000011 --window lung --cells eighth
          $ lightbox render scan.png --cols 100 --rows 40 --colors 256
          $ lightbox render Demo/data/seed-2026-cases-12/studies/PH2051000011 --slice 30 --overlay heat.png --png out.png
        """
    )

    @Argument(help: "A DICOM file, folder or DICOMDIR, or a PNG image.")
    var path: String

    @OptionGroup var options: SliceOptions

    @Option(help: "Width in cells (default: the terminal's width, else 80).")
    var cols: Int?

    @Option(help: "Height in cells (default: the terminal's height less one, else 40).")
    var rows: Int?

    @Option(help: "A heatmap PNG (grey, any size, covering the whole slice) to lay over the image.")
    var overlay: String?

    @Option(help: "Colour map of the overlay.")
    var colormap: ColorMap = .turbo

    @Option(help: "Opacity of the overlay, 0 to 1.")
    var opacity: Float = 0.45

    @Option(help: "Overlay values (0 to 1) below this are transparent.")
    var threshold: Float = 0.2

    @Flag(help: "Fill the grid, ignoring the physical aspect ratio.")
    var stretch = false

    @Option(help: "Write the windowed slice (with overlay) as a PNG instead of drawing it.")
    var png: String?

    func validate() throws {
        if let cols, cols < 1 { throw ValidationError("--cols must be at least 1") }
        if let rows, rows < 1 { throw ValidationError("--rows must be at least 1") }
        if !(0...1).contains(opacity) { throw ValidationError("--opacity must be between 0 and 1") }
    }

    func run() throws {
        try reportingFailures {
            let (viewable, defaultWindow, label) = try loadSlice()
            var state = SliceViewState(window: options.chosenWindow ?? defaultWindow)
            if overlay != nil {
                state.overlay = OverlaySettings(colorMap: colormap, opacity: opacity, threshold: threshold)
            }
            if let png {
                let rgb = SliceRenderer.composedRGB(viewable, state: state)
                do throws(ImagingError) {
                    try PNGCodec.writeRGB(rgb.bytes, width: rgb.width, height: rgb.height, to: png)
                } catch {
                    throw CommandFailure(error.description, .cannotCreate)
                }
                writeErr("wrote \(png): \(label), \(state.window)\n")
                return
            }
            let capabilities = TerminalProbe.capabilities()
            let terminal = TerminalProbe.windowSize()
            let renderer = SliceRenderer(geometry: options.cells?.geometry ?? capabilities.defaultGeometry,
                                         colorMode: options.colors?.mode ?? capabilities.colorMode)
            let width = cols ?? terminal?.cols ?? 80
            let height = rows ?? terminal.map { max(1, $0.rows - 1) } ?? 40
            let unicode = renderer.geometry != .ascii
            // With an overlay, its colour bar takes the last two rows when there is room.
            let legend = state.overlay != nil && height >= 6
                ? ColorBar.cells(colorMap: colormap, length: width, orientation: .horizontal,
                                 colorMode: renderer.colorMode, unicode: unicode,
                                 minLabel: "overlay \(Window.format(Double(threshold)))", maxLabel: "1")
                : nil
            var grid = renderer.render(viewable, state: state, cols: width, rows: height - (legend?.rows ?? 0),
                                       stretch: stretch)
            if let legend { grid = CellGrid(cols: width, rows: grid.rows + legend.rows, cells: grid.cells + legend.cells) }
            FileHandle.standardOutput.write(Data(ANSIEncoder(unicode: unicode).encode(grid)))
        }
    }

    /// The slice to show, the window to start from, and a label for messages.
    private func loadSlice() throws -> (ViewableSlice, Window, String) {
        let heatmap = try overlay.map { path in
            do throws(ImagingError) { return try PNGCodec.read(path).luminance } catch { throw CommandFailure(error.description) }
        }
        switch try ImageSource.load(path, seriesUID: options.series, limits: ImportLimits()) {
        case let .dicom(_, volume):
            let count = volume.sliceCount
            let index = try options.sliceIndex(of: count, path: path)
            return (ViewableSlice(volume: volume, slice: index, heatmap: heatmap), volume.defaultWindow,
                    "slice \(index + 1)/\(count)")
        case let .png(image):
            if let slice = options.slice, slice != 1 { throw CommandFailure("\(path): a PNG has one slice, \(slice) requested") }
            return (ViewableSlice(png: image, heatmap: heatmap), ViewableSlice.pngFullRangeWindow, "PNG")
        }
    }
}
