/// A grid size in terminal cells.
public struct GridSize: Hashable, Sendable {
    public var cols: Int
    public var rows: Int

    public init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
    }
}

/// The largest grid within `maxCols` x `maxRows` that shows an image of the given physical size undistorted,
/// for terminal cells `cellAspect` times as tall as wide (about 2). With `stretch`, or without a usable
/// physical size, the whole area is used. The caller then resamples to `cols * 8` x `rows * 8` subpixels.
public func fitAspect(imageWidthMM: Double, heightMM: Double, maxCols: Int, maxRows: Int,
                      cellAspect: Double = 2.0, stretch: Bool = false) -> GridSize {
    precondition(maxCols > 0 && maxRows > 0, "the area must hold at least one cell")
    guard !stretch, imageWidthMM > 0, heightMM > 0, cellAspect > 0 else { return GridSize(cols: maxCols, rows: maxRows) }
    // cols * cellWidth / (rows * cellWidth * cellAspect) == width / height
    let colsPerRow = imageWidthMM / heightMM * cellAspect
    if Double(maxCols) <= Double(maxRows) * colsPerRow {
        let rows = (Double(maxCols) / colsPerRow).rounded()
        return GridSize(cols: maxCols, rows: Int(min(max(rows, 1), Double(maxRows))))
    }
    let cols = (Double(maxRows) * colsPerRow).rounded()
    return GridSize(cols: Int(min(max(cols, 1), Double(maxCols))), rows: maxRows)
}
