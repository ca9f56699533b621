import CaseStore

/// The worklist screen as plain data: the query (sort and filters), the rows loaded around the visible
/// window, the cursor and the scroll position. Rows are paged from the store, never all loaded, so the
/// list scrolls the same over 100,000 cases as over 12.
public struct WorklistState: Equatable, Sendable {
    public var query: WorklistQuery
    /// Finding labels the store knows, for cycling the finding filter.
    public var labels: [String]
    public private(set) var rows: [WorklistCase] = []
    /// The list index of `rows[0]`.
    public private(set) var rowsOffset = 0
    public private(set) var pending = 0
    public private(set) var reviewed = 0
    /// The selected row, as an index into the whole filtered list.
    public var cursor = 0
    /// The first row on screen.
    public var top = 0
    /// How many rows the screen shows; set from the layout before each draw.
    public var visibleRows = 10
    /// False until the first page arrived, and again after the query changed.
    public private(set) var loaded = false

    /// A top probability below this gets the uncertainty mark and is what the "uncertain" filter keeps.
    public static let uncertainBelow = 0.6

    public init(query: WorklistQuery, labels: [String]) {
        self.query = query
        self.labels = labels
    }

    public var total: Int { pending + reviewed }
    public var selected: WorklistCase? { row(at: cursor) }

    public func row(at index: Int) -> WorklistCase? {
        let local = index - rowsOffset
        return rows.indices.contains(local) ? rows[local] : nil
    }

    /// The page to ask the store for when the visible window is not loaded: three screens around it,
    /// so scrolling a screen either way needs no query.
    public var missingPage: (offset: Int, limit: Int)? {
        let wanted = top..<min(top + visibleRows, max(total, 1))
        if loaded, wanted.lowerBound >= rowsOffset, wanted.upperBound <= rowsOffset + rows.count { return nil }
        if loaded, total == 0 { return nil }
        let limit = max(visibleRows, 1) * 3
        return (max(0, top - max(visibleRows, 1)), limit)
    }

    /// Takes a page from the store. The counts come with every page, so they stay true while others review.
    public mutating func receive(_ page: WorklistPage, offset: Int) {
        rows = page.cases
        rowsOffset = offset
        pending = page.pending
        reviewed = page.reviewed
        loaded = true
        clampCursor()
    }

    /// The store changed (a decision, others' decisions): read the same place again.
    public mutating func invalidate() {
        loaded = false
    }

    /// The query changed (sort, filter, search): start again at the top.
    public mutating func restart() {
        rows = []
        rowsOffset = 0
        cursor = 0
        top = 0
        loaded = false
    }

    /// Keeps the cursor inside the list and on screen.
    public mutating func clampCursor() {
        cursor = min(max(0, cursor), max(0, total - 1))
        if cursor < top { top = cursor }
        if cursor >= top + visibleRows { top = cursor - visibleRows + 1 }
        top = max(0, min(top, max(0, total - visibleRows)))
    }
}

/// What a worklist key asks for.
public enum WorklistAction: Sendable, Equatable {
    case move(Int)
    case page(Int)
    case first, last
    case open
    case cycleSort
    case reverseSort
    case cycleStatus
    case cycleFinding
    case toggleUncertain
    case search
    case clearFilters
    case refresh
}

/// What the session must do after a worklist action.
public enum WorklistOutcome: Equatable, Sendable {
    case none
    /// The cursor or scroll moved: load rows if the window left the loaded page, then draw.
    case moved
    /// Sort or filters changed: load from the top.
    case requery
    case open(caseID: Int64)
    case startSearch
}

extension WorklistState {
    public mutating func reduce(_ action: WorklistAction) -> WorklistOutcome {
        switch action {
        case let .move(delta): return moveCursor(to: cursor + delta)
        case let .page(pages): return moveCursor(to: cursor + pages * max(1, visibleRows - 1))
        case .first: return moveCursor(to: 0)
        case .last: return moveCursor(to: total - 1)
        case .open: return selected.map { .open(caseID: $0.caseID) } ?? .none
        case .cycleSort:
            let keys = WorklistQuery.SortKey.allCases
            query.sort = keys[(keys.firstIndex(of: query.sort)! + 1) % keys.count]
        case .reverseSort:
            query.descending.toggle()
        case .cycleStatus:
            query.status = cycled(query.status, through: WorklistQuery.StatusFilter.allCases)
        case .cycleFinding:
            guard !labels.isEmpty else { return .none }
            query.finding = cycled(query.finding, through: labels)
        case .toggleUncertain:
            query.probability = query.probability == nil ? 0...Self.uncertainBelow : nil
        case .search:
            return .startSearch
        case .clearFilters:
            let sort = query.sort, descending = query.descending, reader = query.reader
            query = WorklistQuery()
            (query.sort, query.descending, query.reader) = (sort, descending, reader)
        case .refresh:
            invalidate()
            return .moved
        }
        restart()
        return .requery
    }

    private mutating func moveCursor(to index: Int) -> WorklistOutcome {
        let before = (cursor, top)
        cursor = index
        clampCursor()
        return before == (cursor, top) ? .none : .moved
    }

    /// nil → first value → … → last value → nil.
    private func cycled<T: Equatable>(_ current: T?, through values: [T]) -> T? {
        guard let current, let index = values.firstIndex(of: current) else { return values.first }
        return index + 1 < values.count ? values[index + 1] : nil
    }

    /// What narrows the list now, in the words the `/` prompt takes ("status:pending finding:effusion").
    public var filterSummary: String { SearchText.text(of: query) }
}
