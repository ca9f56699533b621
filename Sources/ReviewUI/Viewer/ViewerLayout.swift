/// Where the viewer's parts go on a screen of a given size: title on the first row, status and key bar
/// on the last two, the image pane in between at full width (so curses never writes on an image row).
public struct ViewerLayout: ScreenLayout, Equatable, Sendable {
    public static let minimumCols = 40, minimumRows = 12

    public let cols: Int
    public let rows: Int

    public init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
    }

    public var imageTop: Int { 1 }
    public var imageRows: Int { rows - 3 }
}
