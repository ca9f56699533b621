import Imaging
import Phantom
import TerminalGraphics
import Viewing

/// Milliseconds per frame (render + encode, in process) and bytes per frame,
/// for each grid size, geometry and colour mode, on phantom chest slices in
/// the lung window, stepping through slices as a reader does; and the PSNR
/// of the cells against the 8x8-subpixel image they were solved for.
enum RenderBenchmark {
    static func run() {
        let study = PhantomGenerator(seed: 2026).study(index: 0)
        let spacing = study.pixelSpacingMM
        let count = min(study.sliceCount, 16)
        let first = max(0, min(study.keySlice - count / 2, study.sliceCount - count))
        let slices = (first..<first + count).map { k in
            ViewableSlice(values: ScalarImage(width: 512, height: 512, values: study.renderSlice(k).map(Float.init)),
                          rowSpacing: spacing, columnSpacing: spacing)
        }
        let state = SliceViewState(window: WindowPresets.standard.window(named: "lung")!)
        print("## Rendering a 512x512 phantom slice (lung window): render + encode per frame\n")
        print("| grid | cells | colours | ms/frame | bytes/frame | PSNR dB |\n|---|---|---|---|---|---|")
        for (cols, rows) in [(80, 40), (160, 50)] {
            for geometry in CellGeometry.allCases {
                for mode in ColorMode.allCases {
                    let renderer = SliceRenderer(geometry: geometry, colorMode: mode)
                    let encoder = ANSIEncoder(unicode: geometry != .ascii)
                    var bytes = 0
                    let ms = medianMilliseconds(repeats: 9) { i in
                        let grid = renderer.render(slices[i % slices.count], state: state, cols: cols, rows: rows)
                        bytes = encoder.encode(grid).count
                    }
                    // Quality: the cells against the very image the solver was given.
                    let source = renderer.subpixelImage(slices[0], state: state, cols: cols, rows: rows).grey
                    let quality = psnr(reconstruct(renderer.render(slices[0], state: state, cols: cols, rows: rows)),
                                       RGBImage(source))
                    print("| \(cols)x\(rows) | \(geometry.rawValue) | \(mode.rawValue) | \(formatted(ms)) | \(bytes) | \(formatted(quality, 2)) |")
                }
            }
        }
        print("")
    }
}
