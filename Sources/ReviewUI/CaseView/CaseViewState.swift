import CaseStore
import Imaging

/// The case view as plain data: the case as stored, the image pane's viewer state, which pane has the
/// keyboard, how far the report is scrolled, and the correction dialog when it is open.
public struct CaseViewState: Equatable, Sendable {
    public enum Pane: Sendable {
        case image, report
    }

    public let record: CaseRecord
    public var viewer: ViewerState
    public var focus = Pane.image
    /// The first report line on screen.
    public var reportTop = 0
    public var dialog: CorrectionDialog?

    /// Opens on the suggestion's key slice (the middle without one), in the lung window for CT
    /// (Lightbox's findings are chest findings) and the stored window otherwise.
    public init(record: CaseRecord) {
        self.record = record
        let series = record.series.first
        let slices = series?.slices ?? 1
        let key = record.suggestion?.keySlice.flatMap { $0 < slices ? $0 : nil }
        let (name, window): (String, Window)
        if series?.modality == "CT", let lung = WindowPresets.standard.entries.first(where: { $0.name == "lung" }) {
            (name, window) = (lung.name, lung.window)
        } else if let center = series?.windowCenter, let width = series?.windowWidth {
            (name, window) = ("default", Window(center: center, width: width))
        } else {
            (name, window) = ("full", Window(center: 2048, width: 4096))
        }
        viewer = ViewerState(sliceCount: slices, slice: key ?? slices / 2, window: window, windowName: name)
    }

    /// The key slice, when the suggestion has one that fits the series.
    public var keySlice: Int? {
        record.suggestion?.keySlice.flatMap { $0 < viewer.sliceCount ? $0 : nil }
    }

    /// This view over a newer record of the same case (its suggestion arrived while it was open): the
    /// reader keeps their slice, window, zoom, pane, report line and dialog; nothing moves under their eyes.
    func reloaded(with newer: CaseRecord) -> CaseViewState {
        var view = CaseViewState(record: newer)
        view.viewer = viewer
        view.focus = focus
        view.reportTop = reportTop
        view.dialog = dialog
        return view
    }
}

/// What a case-view key asks for.
public enum CaseCommand: Sendable, Equatable {
    case image(ViewerAction)
    case decide(ReviewAction)
    case nextCase, previousCase
    case keySlice
    case switchPane
    case help
    case privacy
    case back
}

extension CaseViewState {
    /// The image and report parts of a command; decisions and navigation are the session's.
    /// With the report focused, the slice keys scroll the report instead.
    public mutating func reduce(_ action: ViewerAction, reportLines: Int, reportRows: Int) -> Reaction {
        guard focus == .report else { return ReviewUI.reduce(&viewer, action) }
        let last = max(0, reportLines - reportRows)
        let before = reportTop
        switch action {
        case let .step(delta): reportTop += delta.signum() * (abs(delta) == 1 ? 1 : max(1, reportRows - 1))
        case .arrow(.up): reportTop -= 1
        case .arrow(.down): reportTop += 1
        case .first: reportTop = 0
        case .last: reportTop = last
        default: return ReviewUI.reduce(&viewer, action)
        }
        reportTop = min(max(0, reportTop), last)
        return reportTop == before ? .none : .redraw
    }

    public mutating func showKeySlice() -> Reaction {
        guard let key = keySlice, key != viewer.slice else { return .none }
        viewer.slice = key
        return .redraw
    }
}
