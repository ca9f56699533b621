/// A dot canvas for line plots (ROC and calibration curves): `cols * 2` x `rows * 4` braille dots, origin at
/// the top left. Empty cells come out as spaces, so the encoder sends them with the background alone.
public struct BrailleCanvas: Sendable {
    public let cols: Int
    public let rows: Int
    private var dots: [UInt8]
    private var inks: [TerminalColor?]

    public init(cols: Int, rows: Int) {
        precondition(cols >= 0 && rows >= 0, "canvas size must not be negative")
        self.cols = cols
        self.rows = rows
        dots = [UInt8](repeating: 0, count: cols * rows)
        inks = [TerminalColor?](repeating: nil, count: cols * rows)
    }

    public var dotWidth: Int { cols * 2 }
    public var dotHeight: Int { rows * 4 }

    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return dots[y / 4 * cols + x / 2] & Glyphs.brailleBits[x % 2][y % 4] != 0
    }

    /// Sets one dot; dots outside the canvas are ignored so curves may run off the edge. A cell takes the
    /// colour of the last dot set in it (a cell has only one foreground).
    public mutating func set(x: Int, y: Int, color: TerminalColor? = nil) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let index = y / 4 * cols + x / 2
        dots[index] |= Glyphs.brailleBits[x % 2][y % 4]
        if let color { inks[index] = color }
    }

    /// A straight line of dots between two dot positions, both ends included (Bresenham).
    public mutating func drawLine(fromX x0: Int, y y0: Int, toX x1: Int, y y1: Int, color: TerminalColor? = nil) {
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1
        var x = x0, y = y0, error = dx + dy
        while true {
            set(x: x, y: y, color: color)
            if x == x1 && y == y1 { return }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// Joins data points (`x` in `xRange` left to right, `y` in `yRange` bottom to top) with lines.
    public mutating func plot(_ points: [SIMD2<Double>], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                              color: TerminalColor? = nil) {
        func dot(_ p: SIMD2<Double>) -> (Int, Int) {
            let u = (p.x - xRange.lowerBound) / max(xRange.upperBound - xRange.lowerBound, .leastNormalMagnitude)
            let v = (p.y - yRange.lowerBound) / max(yRange.upperBound - yRange.lowerBound, .leastNormalMagnitude)
            // Clamped so far-off points still aim the line the right way without overflowing Int.
            let x = (min(max(u, -4), 5) * Double(dotWidth - 1)).rounded()
            let y = ((1 - min(max(v, -4), 5)) * Double(dotHeight - 1)).rounded()
            return (Int(x), Int(y))
        }
        let points = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard var previous = points.first.map(dot) else { return }
        set(x: previous.0, y: previous.1, color: color)
        for point in points.dropFirst() {
            let current = dot(point)
            drawLine(fromX: previous.0, y: previous.1, toX: current.0, y: current.1, color: color)
            previous = current
        }
    }

    /// The canvas as cells: dots in each cell's colour (or `ink`) over `paper`.
    public func cells(ink: TerminalColor, paper: TerminalColor) -> CellGrid {
        let cells = zip(dots, inks).map { bits, color in
            Cell(glyph: bits == 0 ? Glyphs.space : Unicode.Scalar(0x2800 + UInt32(bits))!, fg: color ?? ink, bg: paper)
        }
        return CellGrid(cols: cols, rows: rows, cells: cells)
    }
}
