import Imaging
import Phantom
import TerminalGraphics
import TerminalScreen
import Testing
import Viewing

/// Over SSH bytes are the frame time: a slice step must never cost more than
/// drawing the pane afresh, even on CT noise that changes most cells.
@Suite("Bytes per slice step")
struct SliceStepBytesTests {
    private func frames(colorMode: ColorMode) -> [CellGrid] {
        let study = PhantomGenerator(seed: 3).study(index: 0)
        let renderer = SliceRenderer(geometry: .half, colorMode: colorMode)
        let state = SliceViewState(window: WindowPresets.standard.window(named: "lung")!)
        return (study.keySlice..<study.keySlice + 2).map { k in
            let values = ScalarImage(width: 512, height: 512, values: study.renderSlice(k).map(Float.init))
            return renderer.render(ViewableSlice(values: values, rowSpacing: study.pixelSpacingMM,
                                                 columnSpacing: study.pixelSpacingMM),
                                   state: state, cols: 160, rows: 50)
        }
    }

    @Test(arguments: [ColorMode.palette256, .truecolor])
    func sliceStep_costsNoMoreThanARepaint(colorMode: ColorMode) {
        let grids = frames(colorMode: colorMode)
        let origin = CursorPosition(row: 1, column: 0)
        var pane = ImagePane(encoder: ANSIEncoder())
        _ = pane.update(to: grids[0], at: origin)
        let step = pane.update(to: grids[1], at: origin).count
        var fresh = ImagePane(encoder: ANSIEncoder())
        let repaint = fresh.update(to: grids[1], at: origin).count
        #expect(step > 0)
        #expect(step <= repaint, "step \(step) bytes, repaint \(repaint) bytes")
        // Drawing the same frame again sends nothing.
        #expect(pane.update(to: grids[1], at: origin).isEmpty)
    }
}
