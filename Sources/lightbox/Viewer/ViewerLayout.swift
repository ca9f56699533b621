/// Where the viewer's parts go on a screen of a given size: title on the first row, status and key bar
/// on the last two, the image pane in between at full width (so curses never writes on an image row).
struct ViewerLayout: Equatable {
    static let minimumCols = 40, minimumRows = 12

    let cols: Int
    let rows: Int

    var fits: Bool { cols >= Self.minimumCols && rows >= Self.minimumRows }
    var titleRow: Int { 0 }
    var imageTop: Int { 1 }
    var imageRows: Int { rows - 3 }
    var statusRow: Int { rows - 2 }
    var keyBarRow: Int { rows - 1 }

    var enlargeMessage: String {
        "enlarge the terminal (needs \(Self.minimumCols)x\(Self.minimumRows), have \(cols)x\(rows))"
    }
}
