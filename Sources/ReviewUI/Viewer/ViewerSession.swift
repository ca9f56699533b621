import TerminalGraphics
import TerminalScreen
import Viewing

/// The viewer's input loop: keys become actions through the key table, `reduce` changes the state, and
/// a frame is drawn when the reaction asks for one. Returns the quit signal when one ended it.
public struct ViewerSession {
    let document: ViewerDocument
    let renderer: SliceRenderer
    var state: ViewerState

    /// The last rendered pane, reused while only text changed (help, overlay of nothing).
    private var cache: (key: ImageKey, grid: CellGrid)?

    private struct ImageKey: Equatable {
        var slice: Int
        var view: SliceViewState
        var cols: Int, rows: Int
    }

    public init(document: ViewerDocument, renderer: SliceRenderer, state: ViewerState) {
        self.document = document
        self.renderer = renderer
        self.state = state
    }

    public mutating func run(on screen: TerminalScreen) -> Int32? {
        let drawing = ViewerDrawing(document: document, screen: screen)
        draw(drawing)
        while screen.quitSignal == nil {
            guard let key = screen.nextKey() else { continue }
            if key == .resize {
                draw(drawing)  // the screen already scheduled a full repaint
                continue
            }
            guard let action = viewerKeys.action(for: key) else { continue }
            switch reduce(&state, action) {
            case .none: continue
            case .redraw: draw(drawing)
            case .repaint:
                screen.repaintAll()
                draw(drawing)
            case .quit: return nil
            }
        }
        return screen.quitSignal
    }

    private mutating func draw(_ drawing: ViewerDrawing) {
        let size = drawing.screen.size
        let layout = ViewerLayout(cols: size.cols, rows: size.rows)
        drawing.draw(state, layout: layout, image: layout.fits ? image(cols: layout.cols, rows: layout.imageRows) : nil)
    }

    private mutating func image(cols: Int, rows: Int) -> CellGrid {
        let key = ImageKey(slice: state.slice, view: state.viewState, cols: cols, rows: rows)
        if let cache, cache.key == key { return cache.grid }
        let grid = renderer.render(document.slice(state.slice), state: state.viewState, cols: cols, rows: rows)
        cache = (key, grid)
        return grid
    }
}
