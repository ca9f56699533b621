import TerminalGraphics

/// The image pane as the terminal currently shows it, and the bytes that change it into the next frame.
///
/// Curses cannot say truecolor through xterm-256color terminfo, and the renderer has already chosen the
/// exact colours, so the pane bypasses curses: it is written with the ANSI encoder at absolute positions.
/// Over SSH the byte count is the frame time, so only the cells that differ from the last frame are sent.
/// Pure (no I/O), so the diff can be tested and measured without a terminal.
public struct ImagePane: Sendable {
    public var encoder: ANSIEncoder
    /// A run of unchanged cells shorter than this is re-sent rather than skipped with a cursor move,
    /// which costs about as much (`ESC[r;cH` is 6–8 bytes).
    public var mergeGap: Int
    /// What the terminal holds; nil when unknown (start, resize, curses drew over the pane).
    private var shown: (grid: CellGrid, origin: CursorPosition)?

    public init(encoder: ANSIEncoder, mergeGap: Int = 4) {
        self.encoder = encoder
        self.mergeGap = mergeGap
    }

    /// Forget what the terminal shows, so the next update writes the whole pane.
    public mutating func invalidate() {
        shown = nil
    }

    /// The bytes that make the terminal show `grid` with its top-left cell at `origin`: every cell when the
    /// pane is invalid or moved or changed size, else per row the cheaper of its changed runs and the whole
    /// row (CT noise changes most cells between slices, and then many short runs, each with a cursor move,
    /// cost more than one run). Starts with `ESC[0m` (the pen of whoever wrote last is unknown) and is
    /// empty when nothing changed.
    public mutating func update(to grid: CellGrid, at origin: CursorPosition) -> [UInt8] {
        let previous = shown.flatMap { $0.origin == origin && $0.grid.cols == grid.cols && $0.grid.rows == grid.rows ? $0.grid : nil }
        shown = (grid, origin)
        var output: [UInt8] = []
        var pen = ANSIEncoder.Pen.reset
        for row in 0..<grid.rows {
            let runs = changedRuns(row: row, from: previous, to: grid)
            if runs.isEmpty { continue }
            if output.isEmpty { output = Array("\u{1B}[0m".utf8) }
            var changedPen = pen, wholePen = pen
            let changed = encode(grid, row: row, runs: runs, origin: origin, pen: &changedPen)
            let whole = runs == [0..<grid.cols] ? changed
                : encode(grid, row: row, runs: [0..<grid.cols], origin: origin, pen: &wholePen)
            if changed.count <= whole.count {
                output += changed
                pen = changedPen
            } else {
                output += whole
                pen = wholePen
            }
        }
        return output
    }

    private func encode(_ grid: CellGrid, row: Int, runs: [Range<Int>], origin: CursorPosition,
                        pen: inout ANSIEncoder.Pen) -> [UInt8] {
        var bytes: [UInt8] = []
        for run in runs {
            encoder.encodeSegment(grid, row: row, columns: run,
                                  cursor: CursorPosition(row: origin.row + row, column: origin.column + run.lowerBound),
                                  pen: &pen, into: &bytes)
        }
        return bytes
    }

    /// The column ranges of `row` that differ, with short unchanged gaps folded in.
    func changedRuns(row: Int, from previous: CellGrid?, to grid: CellGrid) -> [Range<Int>] {
        guard let previous else { return grid.cols > 0 ? [0..<grid.cols] : [] }
        var runs: [Range<Int>] = []
        let start = row * grid.cols
        for column in 0..<grid.cols where grid.cells[start + column] != previous.cells[start + column] {
            if let last = runs.last, column - last.upperBound < mergeGap {
                runs[runs.count - 1] = last.lowerBound..<column + 1
            } else {
                runs.append(column..<column + 1)
            }
        }
        return runs
    }
}
