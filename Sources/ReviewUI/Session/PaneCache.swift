import TerminalGraphics
import Viewing

/// The last rendered image pane, reused while only text around it changed (a message, the help
/// closing, the report scrolling), so such keys cost no rendering.
struct PaneCache {
    private struct Key: Equatable {
        var document: Int64
        var slice: Int
        var view: SliceViewState
        var cols: Int, rows: Int
    }

    let renderer: SliceRenderer
    private var last: (key: Key, grid: CellGrid)?

    init(renderer: SliceRenderer) {
        self.renderer = renderer
    }

    /// `document` tells apart what is shown (a case number; 0 for the single document of the viewer).
    mutating func grid(document: Int64, slice index: Int, view: SliceViewState, cols: Int, rows: Int,
                       slice: () -> ViewableSlice) -> CellGrid {
        let key = Key(document: document, slice: index, view: view, cols: cols, rows: rows)
        if let last, last.key == key { return last.grid }
        let grid = renderer.render(slice(), state: view, cols: cols, rows: rows)
        last = (key, grid)
        return grid
    }
}
