import Imaging
import TerminalGraphics
import TerminalScreen

/// Draws one frame from the state alone; the image grid is rendered by the caller (it is cached there).
struct ViewerDrawing {
    let document: ViewerDocument
    let screen: TerminalScreen

    func draw(_ state: ViewerState, layout: ViewerLayout, image: CellGrid?) {
        screen.beginFrame()
        guard layout.fits else {
            ReviewDrawing(screen: screen, styles: Styles()).drawEnlarge(layout)
            return screen.present()
        }
        drawTitle(layout: layout)
        if let image, !state.helpShown { screen.showImage(image, at: CursorPosition(row: layout.imageTop, column: 0)) }
        screen.fillRow(layout.statusRow, style: .bar)
        screen.put(" " + state.statusText, row: layout.statusRow, column: 0, style: .bar)
        screen.put(viewerKeyBar, row: layout.keyBarRow, column: 0)
        if state.helpShown { drawHelp(layout: layout) }
        screen.present()
    }

    private func drawTitle(layout: ViewerLayout) {
        let marker = document.isSynthetic ? ReviewDrawing.syntheticMarker : nil
        let markerWidth = marker.map { TextLayout.columns(of: $0) + 2 } ?? 0
        screen.put(document.title, row: layout.titleRow, column: 0, maxColumns: max(0, layout.cols - markerWidth - 1),
                   style: .strong)
        if let marker {
            screen.put(" \(marker) ", row: layout.titleRow, column: max(0, layout.cols - markerWidth), style: .warning)
        }
    }

    /// The key table over the whole screen (the image pane is repainted when it closes).
    private func drawHelp(layout: ViewerLayout) {
        ReviewDrawing(screen: screen, styles: Styles())
            .drawHelp(title: "Keys", lines: viewerKeys.helpLines(unicode: screen.capabilities.unicode), cols: layout.cols, rows: layout.rows)
    }
}
