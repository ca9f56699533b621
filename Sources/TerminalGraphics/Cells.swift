/// A colour as the terminal is told it, which is not always the colour the solver wanted:
/// the palette decides what can be shown, so cells keep the terminal's name for it.
public enum TerminalColor: Hashable, Sendable {
    /// 24-bit colour (`38;2;r;g;b`).
    case rgb(UInt8, UInt8, UInt8)
    /// An xterm palette index: 0–15 system colours, 16–231 the 6x6x6 cube, 232–255 the grey ramp.
    case indexed(UInt8)
    /// The terminal's own foreground (assumed white); monochrome output uses only the two defaults.
    case defaultForeground
    /// The terminal's own background (assumed black).
    case defaultBackground

    /// The RGB this colour stands for, used to reconstruct what the terminal shows.
    public var rgbValue: RGB {
        switch self {
        case let .rgb(r, g, b): return RGB(r, g, b)
        case let .indexed(index): return XtermPalette.rgb(index)
        case .defaultForeground: return RGB(255, 255, 255)
        case .defaultBackground: return RGB(0, 0, 0)
        }
    }
}

/// One terminal cell: `glyph` drawn in `fg` over `bg`.
public struct Cell: Hashable, Sendable {
    public var glyph: Unicode.Scalar
    public var fg: TerminalColor
    public var bg: TerminalColor

    public init(glyph: Unicode.Scalar, fg: TerminalColor, bg: TerminalColor) {
        self.glyph = glyph
        self.fg = fg
        self.bg = bg
    }
}

/// A rectangle of cells, row-major. Produced by the renderer, plots and colour bars; consumed by the encoder.
public struct CellGrid: Equatable, Sendable {
    public let cols: Int
    public let rows: Int
    public var cells: [Cell]

    public init(cols: Int, rows: Int, cells: [Cell]) {
        precondition(cols >= 0 && rows >= 0 && cells.count == cols * rows, "CellGrid: cells.count must equal cols * rows")
        self.cols = cols
        self.rows = rows
        self.cells = cells
    }

    public init(cols: Int, rows: Int, filling cell: Cell) {
        self.init(cols: cols, rows: rows, cells: [Cell](repeating: cell, count: cols * rows))
    }

    public func cell(atColumn column: Int, row: Int) -> Cell {
        cells[row * cols + column]
    }

    public subscript(column: Int, row: Int) -> Cell {
        get { cells[row * cols + column] }
        set { cells[row * cols + column] = newValue }
    }
}
