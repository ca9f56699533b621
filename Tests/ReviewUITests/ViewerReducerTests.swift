import Imaging
import ReviewUI
import TerminalScreen
import Testing

@Suite("Viewer state and keys")
struct ViewerReducerTests {
    private func state(slices: Int = 40, slice: Int = 19) -> ViewerState {
        ViewerState(sliceCount: slices, slice: slice, window: Window(center: -600, width: 1500), windowName: "lung")
    }

    @Test func step_staysWithinTheSeries() {
        var s = state()
        #expect(reduce(&s, .step(1)) == .redraw && s.slice == 20)
        #expect(reduce(&s, .step(ViewerState.pageSize * 10)) == .redraw && s.slice == 39)
        #expect(reduce(&s, .step(1)) == .none)
        #expect(reduce(&s, .first) == .redraw && s.slice == 0)
        #expect(reduce(&s, .step(-1)) == .none)
        #expect(reduce(&s, .last) == .redraw && s.slice == 39)
    }

    @Test func arrows_stepUnzoomedAndPanZoomed() {
        var s = state()
        #expect(reduce(&s, .arrow(.down)) == .redraw && s.slice == 20)
        #expect(reduce(&s, .arrow(.left)) == .none)
        #expect(reduce(&s, .zoomIn) == .redraw && s.isZoomed)
        #expect(reduce(&s, .arrow(.down)) == .redraw && s.slice == 20 && s.centerY > 0.5)
        // Panning stops at the edge of the slice.
        for _ in 0..<50 { _ = reduce(&s, .pan(.right)) }
        #expect(abs(s.centerX - (1 - 0.5 / s.zoom)) < 1e-9)
        // Zooming back out recentres.
        for _ in 0..<10 { _ = reduce(&s, .zoomOut) }
        #expect(s.zoom == 1 && s.centerX == 0.5 && s.centerY == 0.5)
    }

    @Test func windowKeys_presetsAndManualAdjustments() {
        var s = state()
        #expect(reduce(&s, .preset(3)) == .redraw)
        #expect(s.windowName == "bone" && s.window == WindowPresets.standard.window(named: "bone"))
        #expect(reduce(&s, .preset(99)) == .none)
        _ = reduce(&s, .scaleWidth(1.25))
        #expect(s.windowName == "custom" && s.window.width == 2250)
        _ = reduce(&s, .shiftLevel(-1))
        #expect(s.window.center == 400 - 225)
        for _ in 0..<100 { _ = reduce(&s, .scaleWidth(0.5)) }
        #expect(s.window.width == 1)
    }

    @Test func help_anyKeyClosesItWithoutActing() {
        var s = state()
        #expect(reduce(&s, .toggleHelp) == .repaint && s.helpShown)
        #expect(reduce(&s, .step(1)) == .repaint && !s.helpShown && s.slice == 19)
        _ = reduce(&s, .toggleHelp)
        #expect(reduce(&s, .quit) == .quit)
    }

    @Test func overlay_toggleAndOpacityBounds() {
        var s = state()
        #expect(s.viewState.overlay == nil)
        _ = reduce(&s, .toggleOverlay)
        #expect(s.viewState.overlay?.opacity == s.overlayOpacity)
        for _ in 0..<30 { _ = reduce(&s, .changeOpacity(0.1)) }
        #expect(s.overlayOpacity == 1)
        for _ in 0..<30 { _ = reduce(&s, .changeOpacity(-0.1)) }
        #expect(abs(s.overlayOpacity - 0.05) < 1e-6)
    }

    @Test func keyTable_dispatchesEveryDocumentedKey() {
        #expect(viewerKeys.action(for: .character("j")) == .step(1))
        #expect(viewerKeys.action(for: .character("k")) == .step(-1))
        #expect(viewerKeys.action(for: .character("1")) == .preset(0))
        #expect(viewerKeys.action(for: .character("6")) == .preset(5))
        #expect(viewerKeys.action(for: .pageDown) == .step(ViewerState.pageSize))
        #expect(viewerKeys.action(for: .character("q")) == .quit)
        #expect(viewerKeys.action(for: .character("x")) == nil)
        // No key is bound twice, and the help has a line per binding that fits 80 columns.
        let help = viewerKeys.helpLines(unicode: true)
        #expect(help.count == viewerKeys.count)
        #expect(help.allSatisfy { $0.count <= 76 })
    }

    @Test func layout_minimumSizeAndRows() {
        #expect(!ViewerLayout(cols: 39, rows: 24).fits)
        #expect(!ViewerLayout(cols: 80, rows: 11).fits)
        let layout = ViewerLayout(cols: 80, rows: 24)
        #expect(layout.fits && layout.imageRows == 21 && layout.keyBarRow == 23)
        #expect(ViewerLayout(cols: 30, rows: 10).enlargeMessage == "enlarge the terminal (needs 40x12, have 30x10)")
    }
}
