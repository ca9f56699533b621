import CaseStore
import Imaging
import TerminalGraphics
import TerminalScreen
import Viewing

/// The review application's input loop: the worklist, the case view and the correction dialog.
///
/// Screens are plain state changed by their reducers; this type is the controller between them and the
/// store. It turns keys into commands through the key tables, asks the store for pages, cases and
/// decisions, and draws a frame when something changed. A decision is written (one transaction, with its
/// audit entry) before the status row says "saved", and a quit signal is only looked at between keys,
/// so a decision is never half-written. A case opened without a suggestion gets one from the injected
/// worker on a background thread; the loop polls for it between keys, so the screens stay single-threaded.
public struct ReviewSession {
    let store: CaseStore
    let keys: ReviewKeys
    let styles: Styles
    let settings: ReviewSettings

    var worklist: WorklistState
    var caseView: CaseViewState?
    var images: CaseImages?
    var prompt: LineEditor?
    var helpShown = false
    var privacy: Bool
    var message: StatusMessage?
    /// Nil when no model is configured.
    var suggestions: SuggestionRunner?
    private var pane: PaneCache
    private var openedAt = ContinuousClock.now
    private let clock = ContinuousClock()
    /// Rows the report pane showed in the last frame, for scrolling by pages.
    private var reportRows = 10

    /// How long quitting waits for a suggestion being computed before leaving it behind.
    static let quitGrace = Duration.seconds(1)

    public init(store: CaseStore, settings: ReviewSettings, keys: ReviewKeys = .standard, styles: Styles = Styles(),
                renderer: SliceRenderer, labels: [String], suggestions worker: SuggestionWorker? = nil) {
        self.store = store
        self.settings = settings
        self.keys = keys
        self.styles = styles
        privacy = settings.privacy
        var query = WorklistQuery()
        query.reader = settings.reader
        worklist = WorklistState(query: query, labels: labels)
        suggestions = worker.map(SuggestionRunner.init)
        pane = PaneCache(renderer: renderer)
    }

    /// Runs until the reader quits (nil) or a quit signal arrives (returned).
    public mutating func run(on screen: TerminalScreen) -> Int32? {
        start(visibleRows: ReviewLayout(cols: screen.size.cols, rows: screen.size.rows).listRows)
        draw(on: screen)
        defer { suggestions?.finish(atMost: Self.quitGrace) }
        while screen.quitSignal == nil {
            // Also before each key, so a held key cannot keep a finished suggestion off the screen.
            if pollSuggestions() != .none { draw(on: screen) }
            guard let key = screen.nextKey() else { continue }
            if key == .resize {
                draw(on: screen)
                continue
            }
            switch handle(key) {
            case .none: continue
            case .redraw: draw(on: screen)
            case .repaint:
                screen.repaintAll()
                draw(on: screen)
            case .quit: return nil
            }
        }
        return screen.quitSignal
    }

    /// Reads the first page of the worklist.
    mutating func start(visibleRows: Int) {
        worklist.visibleRows = visibleRows
        loadRows()
    }

    // MARK: Keys

    mutating func handle(_ key: Key) -> Reaction {
        if helpShown {
            helpShown = false
            return .repaint
        }
        if prompt != nil { return handlePrompt(key) }
        if caseView?.dialog != nil { return handleDialog(key) }
        if caseView != nil {
            guard let command: CaseCommand = keys.caseView.action(for: key) else { return .none }
            message = nil
            return perform(command)
        }
        guard let command: WorklistCommand = keys.worklist.action(for: key) else { return .none }
        message = nil
        switch command {
        case .help: return showHelp()
        case .privacy: return togglePrivacy()
        case .quit:
            return .quit
        case let .list(action):
            switch worklist.reduce(action) {
            case .none: return .redraw
            case .moved, .requery:
                loadRows()
                return .redraw
            case let .open(caseID):
                open(caseID)
                return .repaint
            case .startSearch:
                prompt = LineEditor(text: SearchText.text(of: worklist.query), limit: 200)
                return .redraw
            }
        }
    }

    /// Help covers the screen until the next key, which only closes it.
    private mutating func showHelp() -> Reaction {
        helpShown = true
        return .redraw
    }

    private mutating func togglePrivacy() -> Reaction {
        privacy.toggle()
        return .redraw
    }

    private mutating func handlePrompt(_ key: Key) -> Reaction {
        guard var editor = prompt else { return .none }
        switch editor.handle(key) {
        case .ignored: return .none
        case .edited:
            prompt = editor
        case .cancel:
            prompt = nil
        case .submit:
            prompt = nil
            do throws(SearchText.Problem) {
                worklist.query = try SearchText.apply(editor.text, to: worklist.query)
                worklist.restart()
                loadRows()
            } catch {
                message = .error(error.description)
            }
        }
        return .redraw
    }

    private mutating func handleDialog(_ key: Key) -> Reaction {
        guard var view = caseView, var dialog = view.dialog else { return .none }
        let outcome = dialog.handle(key)
        view.dialog = dialog
        caseView = view
        switch outcome {
        case .none: return .none
        case .redraw: return .redraw
        case .cancel:
            caseView?.dialog = nil
            message = .info("correction cancelled, nothing saved")
            return .redraw
        case let .save(correction):
            return decide(.correct, correction: correction)
        }
    }

    private mutating func perform(_ command: CaseCommand) -> Reaction {
        guard var view = caseView else { return .none }
        switch command {
        case let .image(action):
            if action == .toggleOverlay, images?.hasHeatmap != true {
                message = .info("this suggestion has no heatmap")
                return .redraw
            }
            let reaction = view.reduce(action, reportLines: reportLineCount, reportRows: reportRows)
            caseView = view
            return reaction
        case .keySlice:
            let reaction = view.showKeySlice()
            caseView = view
            if reaction == .none, view.keySlice == nil { message = .info("this suggestion names no key slice") }
            return reaction == .none ? .redraw : reaction
        case .switchPane:
            caseView?.focus = view.focus == .image ? .report : .image
            return .redraw
        case let .decide(action):
            guard settings.role?.mayDecide == true else {
                message = .error(refusal)
                return .redraw
            }
            if action == .correct {
                let labels = view.record.suggestion?.probabilities.map(\.label).sorted() ?? worklist.labels
                guard !labels.isEmpty else {
                    message = .error("no labels known to correct to (no suggestion in the store)")
                    return .redraw
                }
                caseView?.dialog = CorrectionDialog(labels: labels, currentSlice: view.viewer.slice)
                return .redraw
            }
            return decide(action, correction: nil)
        case .nextCase, .previousCase:
            let before = worklist.cursor
            _ = worklist.reduce(.move(command == .nextCase ? 1 : -1))
            loadRows()
            guard worklist.cursor != before, let next = worklist.selected else {
                message = .info(command == .nextCase ? "this is the last case of the worklist" : "this is the first case of the worklist")
                return .redraw
            }
            open(next.caseID)
            return .repaint
        case .help: return showHelp()
        case .privacy: return togglePrivacy()
        case .back:
            caseView = nil
            images = nil
            worklist.invalidate()
            loadRows()
            return .repaint
        }
    }

    private var refusal: String {
        let role = settings.role?.rawValue ?? "no role"
        return "\(settings.reader) has \(role == "no role" ? "no role" : "the role \(role)"), which may not decide cases; "
            + "an admin can run: lightbox users add \(settings.reader) reviewer"
    }

    private var reportLineCount: Int {
        guard let view = caseView else { return 0 }
        return CaseDrawing.reportLines(view.record, width: lastSideCols).count
    }

    private var lastSideCols = 30

    // MARK: Store

    /// Loads the page the worklist is missing, if any. A failed read becomes the status message;
    /// the list keeps what it had.
    private mutating func loadRows() {
        guard let page = worklist.missingPage else { return }
        var query = worklist.query
        (query.offset, query.limit) = (page.offset, page.limit)
        do throws(StoreError) {
            worklist.receive(try store.worklist(query), offset: page.offset)
        } catch {
            message = .error("cannot read the worklist: \(error)")
        }
    }

    private mutating func open(_ caseID: Int64) {
        do throws(StoreError) {
            let (record, images, heatmapProblem) = try readCase(caseID)
            self.images = images
            var view = CaseViewState(record: record)
            // Opacity is the reader's preference: it stays from case to case.
            view.viewer.overlayOpacity = caseView?.viewer.overlayOpacity ?? settings.overlayOpacity
            caseView = view
            openedAt = clock.now
            if let heatmapProblem { message = .error(heatmapProblem) }
            requestSuggestion()
        } catch {
            message = .error("cannot open case #\(caseID): \(error)")
        }
    }

    /// A case and its pixels; a heatmap that cannot be read is returned as the problem to show, and the
    /// case opens without it.
    private func readCase(_ caseID: Int64) throws(StoreError) -> (CaseRecord, CaseImages?, heatmapProblem: String?) {
        let record = try store.caseRecord(caseID)
        var heatmapProblem: String?
        let images = try record.series.first.map { series throws(StoreError) in
            var heatmap: ScalarImage?
            if let path = record.suggestion?.heatmapPath {
                do throws(ImagingError) { heatmap = try CaseImages.heatmap(at: path) } catch {
                    heatmapProblem = "heatmap \(path): \(error.description)"
                }
            }
            return CaseImages(stack: try store.preview(ofSeries: series.id), series: series, heatmap: heatmap,
                              heatmapSlice: record.suggestion?.keySlice)
        }
        return (record, images, heatmapProblem)
    }

    /// Saves the decision; only after the store returned does the status row say "saved".
    private mutating func decide(_ action: ReviewAction, correction: CorrectionDialog.Correction?) -> Reaction {
        guard let view = caseView else { return .none }
        let record = view.record
        let elapsed = clock.now - openedAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let draft = ReviewDraft(caseID: record.caseID, suggestionID: record.suggestion?.id, action: action,
                                label: action == .accept ? record.suggestion?.topLabel : correction?.label,
                                locationSlice: correction?.locationSlice, difficulty: correction?.difficulty,
                                note: correction?.note, secondsSpent: (seconds * 10).rounded() / 10,
                                supersedes: record.latestReview(by: settings.reader)?.id)
        let review: Review
        do throws(StoreError) {
            review = try store.recordReview(draft)
        } catch {
            message = .error("not saved: \(error)")
            return .redraw
        }
        let what = action == .correct ? "correct → \(draft.label ?? "")" : action.rawValue
        let saved = "saved: \(what), review #\(review.id)"
        worklist.invalidate()
        loadRows()
        if settings.autoAdvance, let next = nextPendingCase(after: record.caseID) {
            open(next)
            message = .success(saved + "; next pending case")
        } else {
            open(record.caseID)
            message = .success(settings.autoAdvance ? saved + "; no pending case left" : saved)
        }
        return .repaint
    }

    /// The first case after the cursor in the worklist's order that this reader has not decided,
    /// wrapping around to the top; pages through the store rather than loading the list.
    private mutating func nextPendingCase(after current: Int64) -> Int64? {
        let pageSize = 200
        var query = worklist.query
        query.limit = pageSize
        let start = worklist.cursor
        for (from, to) in [(start, Int.max), (0, start)] {
            var offset = from
            while offset < to {
                query.offset = offset
                guard let page = try? store.worklist(query), !page.cases.isEmpty else { break }
                if let hit = page.cases.enumerated().first(where: { $0.element.isPending && $0.element.caseID != current }) {
                    worklist.cursor = offset + hit.offset
                    worklist.clampCursor()
                    loadRows()
                    return hit.element.caseID
                }
                offset += pageSize
            }
        }
        return nil
    }

    // MARK: Suggestions computed on the spot

    /// Hands a finished computation to the screens (the open case reread, or the worklist's rows) and
    /// starts the model on the open case if it is waiting; called between keys and at every input timeout.
    mutating func pollSuggestions() -> Reaction {
        guard let finished = suggestions?.collect() else { return requestSuggestion() ? .redraw : .none }
        let caseID = finished.caseID
        switch finished.result {
        case .success:
            if caseView?.record.caseID == caseID {
                reloadCase()
            } else if caseView == nil {
                worklist.invalidate()
                loadRows()
            }
        case let .failure(failure):
            message = .error("case #\(caseID): no AI suggestion: \(failure.message)")
        }
        requestSuggestion()
        return .redraw
    }

    /// Starts the model on the open case when it has no suggestion from any model and the reader may
    /// store one (a viewer writes nothing); true when it started.
    @discardableResult
    private mutating func requestSuggestion() -> Bool {
        guard let view = caseView, view.record.suggestion == nil, settings.role?.mayStoreSuggestions == true else { return false }
        return suggestions?.request(view.record.caseID) ?? false
    }

    /// Rereads the open case now that its suggestion is stored; the reader stays on their slice, window,
    /// zoom, report line and dialog, and `g` takes them to the key slice. "Ready" does not replace a
    /// message already showing (such as "saved" for the decision that opened this case).
    private mutating func reloadCase() {
        guard let view = caseView else { return }
        do throws(StoreError) {
            let (record, images, heatmapProblem) = try readCase(view.record.caseID)
            self.images = images
            caseView = view.reloaded(with: record)
            if let heatmapProblem {
                message = .error(heatmapProblem)
            } else if message == nil {
                message = .success("AI suggestion ready")
            }
        } catch {
            message = .error("cannot reread case #\(view.record.caseID): \(error)")
        }
    }

    var missingSuggestion: MissingSuggestion {
        guard let caseID = caseView?.record.caseID, settings.role?.mayStoreSuggestions == true, let suggestions else { return .none }
        return suggestions.state(of: caseID)
    }

    // MARK: Drawing

    private mutating func draw(on screen: TerminalScreen) {
        let size = screen.size
        let layout = ReviewLayout(cols: size.cols, rows: size.rows)
        screen.beginFrame()
        defer { screen.present() }
        let common = ReviewDrawing(screen: screen, styles: styles)
        guard layout.fits else { return common.drawEnlarge(layout) }
        if let view = caseView {
            lastSideCols = layout.sideCols
            reportRows = max(1, layout.paneRows / 2)
            let image = helpShown ? nil : caseImage(view, layout: layout, unicode: screen.capabilities.unicode,
                                                     colorMode: screen.capabilities.colorMode)
            CaseDrawing(screen: screen, styles: styles, settings: settings, keys: keys.caseView)
                .draw(view, layout: layout, image: image, hasHeatmap: images?.hasHeatmap == true,
                      missingSuggestion: missingSuggestion, message: message, privacy: privacy)
            if helpShown {
                common.drawHelp(title: "Case view keys", lines: keys.caseView.helpLines(unicode: screen.capabilities.unicode),
                                 cols: layout.cols, rows: layout.rows)
            }
        } else {
            if worklist.visibleRows != layout.listRows {
                worklist.visibleRows = layout.listRows
                worklist.clampCursor()
                loadRows()
            }
            WorklistDrawing(screen: screen, styles: styles, settings: settings, keys: keys.worklist)
                .draw(worklist, layout: layout, prompt: prompt, message: message, privacy: privacy)
            if helpShown {
                common.drawHelp(title: "Worklist keys", lines: keys.worklist.helpLines(unicode: screen.capabilities.unicode),
                                 cols: layout.cols, rows: layout.rows)
            }
        }
    }

    /// The slice, with a colour bar at its right while the overlay shows a heatmap.
    private mutating func caseImage(_ view: CaseViewState, layout: ReviewLayout, unicode: Bool, colorMode: ColorMode) -> CellGrid? {
        guard let images else { return nil }
        var state = view.viewer.viewState
        let showsHeatmap = view.viewer.overlayOn && images.hasHeatmap && view.viewer.slice == images.heatmapSlice
        if var overlay = state.overlay {
            overlay.colorMap = settings.overlayColorMap
            state.overlay = overlay
        }
        let bar = showsHeatmap ? ColorBar.cells(colorMap: settings.overlayColorMap, length: layout.paneRows, orientation: .vertical,
                                                 colorMode: colorMode, unicode: unicode, minLabel: "0", maxLabel: "1") : nil
        let slice = view.viewer.slice
        let grid = pane.grid(document: view.record.caseID, slice: slice, view: state, cols: layout.imageCols - (bar?.cols ?? 0),
                             rows: layout.paneRows) { images.slice(slice) }
        return bar.map { grid.besides($0) } ?? grid
    }
}

extension CellGrid {
    /// This grid with `other`, of the same height, at its right.
    func besides(_ other: CellGrid) -> CellGrid {
        var cells: [Cell] = []
        cells.reserveCapacity((cols + other.cols) * rows)
        for row in 0..<rows {
            cells += self.cells[row * cols..<(row + 1) * cols]
            cells += other.cells[row * other.cols..<(row + 1) * other.cols]
        }
        return CellGrid(cols: cols + other.cols, rows: rows, cells: cells)
    }
}
