import Testing
import TerminalGraphics

struct LayoutTests {
    @Test func squareImage_inWidePane_isLimitedByHeight() {
        // A cell is twice as tall as wide, so a square needs twice as many columns as rows.
        #expect(fitAspect(imageWidthMM: 350, heightMM: 350, maxCols: 160, maxRows: 50) == GridSize(cols: 100, rows: 50))
    }

    @Test func wideImage_inNarrowPane_isLimitedByWidth() {
        #expect(fitAspect(imageWidthMM: 400, heightMM: 100, maxCols: 80, maxRows: 40) == GridSize(cols: 80, rows: 10))
    }

    @Test func cellAspect_isHonoured() {
        #expect(fitAspect(imageWidthMM: 200, heightMM: 100, maxCols: 100, maxRows: 100, cellAspect: 1) == GridSize(cols: 100, rows: 50))
    }

    @Test func stretch_fillsThePane() {
        #expect(fitAspect(imageWidthMM: 350, heightMM: 350, maxCols: 160, maxRows: 50, stretch: true) == GridSize(cols: 160, rows: 50))
    }

    @Test func extremeAspect_keepsAtLeastOneCell() {
        #expect(fitAspect(imageWidthMM: 10_000, heightMM: 1, maxCols: 80, maxRows: 24) == GridSize(cols: 80, rows: 1))
        #expect(fitAspect(imageWidthMM: 1, heightMM: 10_000, maxCols: 80, maxRows: 24) == GridSize(cols: 1, rows: 24))
    }

    @Test func unknownPhysicalSize_fillsThePane() {
        #expect(fitAspect(imageWidthMM: 0, heightMM: 0, maxCols: 80, maxRows: 24) == GridSize(cols: 80, rows: 24))
    }
}
