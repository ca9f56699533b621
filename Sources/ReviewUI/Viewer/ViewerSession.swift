import TerminalGraphics
import TerminalScreen
import Viewing

/// The viewer's input loop: keys become actions through the key table, `reduce` changes the state, and
/// a frame is drawn when the reaction asks for one. Returns the quit signal when one ended it.
public struct ViewerSession {
    let document: ViewerDocument
    var state: ViewerState
    private var pane: PaneCache

    public init(document: ViewerDocument, renderer: SliceRenderer, state: ViewerState) {
        self.document = document
        self.state = state
        pane = PaneCache(renderer: renderer)
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
        let (document, slice) = (document, state.slice)
        return pane.grid(document: 0, slice: slice, view: state.viewState, cols: cols, rows: rows) { document.slice(slice) }
    }
}
