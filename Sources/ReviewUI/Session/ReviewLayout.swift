/// Where the review screens' parts go on a terminal of a given size. Both screens keep a title row at
/// the top and a status row and a key bar at the bottom; the case view splits the middle into the image
/// pane (left, full height, so curses never writes on an image row) and a side panel for the
/// suggestion, decisions and report.
public struct ReviewLayout: ScreenLayout, Equatable, Sendable {
    public static let minimumCols = 60, minimumRows = 16

    public let cols: Int
    public let rows: Int

    public init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
    }

    // Worklist
    public var headerRow: Int { 1 }
    public var listTop: Int { 2 }
    public var listRows: Int { rows - 4 }

    // Case view
    public var paneTop: Int { 1 }
    public var paneRows: Int { rows - 3 }
    /// The side panel takes about a third of a wide terminal and never less than 28 columns.
    public var sideCols: Int { max(28, cols >= 120 ? cols * 34 / 100 : cols * 38 / 100) }
    public var imageCols: Int { cols - sideCols - 1 }
    public var sideLeft: Int { imageCols + 1 }
}

/// A screen's layout for a terminal size, with the smallest size it can be drawn at.
public protocol ScreenLayout {
    static var minimumCols: Int { get }
    static var minimumRows: Int { get }
    var cols: Int { get }
    var rows: Int { get }
}

extension ScreenLayout {
    public var fits: Bool { cols >= Self.minimumCols && rows >= Self.minimumRows }

    // Every screen's frame: a title on top, a status row and the key bar at the bottom.
    public var titleRow: Int { 0 }
    public var statusRow: Int { rows - 2 }
    public var keyBarRow: Int { rows - 1 }

    /// What a too-small terminal shows instead of the screen.
    public var enlargeMessage: String {
        "enlarge the terminal (needs \(Self.minimumCols)x\(Self.minimumRows), have \(cols)x\(rows))"
    }
}
