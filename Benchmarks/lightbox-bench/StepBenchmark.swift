import Imaging
import Phantom
import TerminalGraphics
import TerminalScreen
import Viewing

/// One slice step in the image pane at 160x50: render the next slice and encode
/// only what changed on screen (the image pane's diff), in CPU time and bytes.
/// The viewer and the case view share this path (SliceRenderer, then ImagePane),
/// so this is the case view's slice step too, in 256 colours and in truecolor.
enum StepBenchmark {
    static func run() {
        let study = PhantomGenerator(seed: 2026).study(index: 0)
        let slices = (0..<study.sliceCount).map { k in
            ViewableSlice(values: ScalarImage(width: 512, height: 512, values: study.renderSlice(k).map(Float.init)),
                          rowSpacing: study.pixelSpacingMM, columnSpacing: study.pixelSpacingMM)
        }
        let state = SliceViewState(window: WindowPresets.standard.window(named: "lung")!)
        print("## A slice step in the viewer and the case view, 160x50 image pane, half blocks, "
              + "256 colours and truecolor (render + diff + encode)\n")
        print("| colours | ms/step | bytes/step | bytes of a full repaint |\n|---|---|---|---|")
        for mode in [ColorMode.palette256, .truecolor] {
            let renderer = SliceRenderer(geometry: .half, colorMode: mode)
            let origin = CursorPosition(row: 1, column: 0)
            var pane = ImagePane(encoder: ANSIEncoder())
            var stepBytes: [Int] = [], repaintBytes: [Int] = []
            _ = pane.update(to: renderer.render(slices[0], state: state, cols: 160, rows: 50), at: origin)
            var grids: [CellGrid] = []
            let ms = medianMilliseconds(repeats: min(25, slices.count - 2)) { i in
                let grid = renderer.render(slices[1 + i], state: state, cols: 160, rows: 50)
                stepBytes.append(pane.update(to: grid, at: origin).count)
                grids.append(grid)
            }
            for grid in grids {
                var fresh = ImagePane(encoder: ANSIEncoder())
                repaintBytes.append(fresh.update(to: grid, at: origin).count)
            }
            let median = { (values: [Int]) in values.sorted()[values.count / 2] }
            print("| \(mode.rawValue) | \(formatted(ms)) | \(median(stepBytes)) | \(median(repaintBytes)) |")
        }
        print("")
    }
}
