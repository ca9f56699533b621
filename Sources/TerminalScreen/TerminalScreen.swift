import CNcursesw
import Glibc
import TerminalGraphics

/// Why the screen could not start.
public struct TerminalScreenError: Error, CustomStringConvertible {
    public let description: String
}

/// The terminal as a curses screen: text panes, input, resize and restore go through curses; the image
/// pane is written as raw ANSI bytes right after each curses update (see `ImagePane`). The only type in
/// Lightbox that calls curses for the user interface.
public final class TerminalScreen {
    /// Overrides of what is detected, from command-line options.
    public struct Options: Sendable {
        public var colorMode: ColorMode?
        public var unicode: Bool?
        /// How long `nextKey` waits, and so how late a quit signal can be noticed.
        public var inputTimeoutMilliseconds: Int32

        public init(colorMode: ColorMode? = nil, unicode: Bool? = nil, inputTimeoutMilliseconds: Int32 = 100) {
            self.colorMode = colorMode
            self.unicode = unicode
            self.inputTimeoutMilliseconds = inputTimeoutMilliseconds
        }
    }

    public let capabilities: TerminalCapabilities
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let colors: Bool
    private var pane: ImagePane
    private var pendingImage: (grid: CellGrid, origin: CursorPosition)?
    private var repaintPending = false
    /// Bytes of image written by the last `present`, for measurements and tests.
    public private(set) var lastImageBytes = 0

    /// Starts curses, runs `body`, and restores the terminal whatever happens: normal return, a thrown
    /// error, or a quit signal that made `body` return early (see `quitSignal`).
    public static func run<T>(options: Options = Options(), environment: [String: String],
                              _ body: (TerminalScreen) throws -> T) throws -> T {
        let screen = try TerminalScreen(options: options, environment: environment)
        defer { screen.close() }
        return try body(screen)
    }

    private init(options: Options, environment: [String: String]) throws {
        QuitSignals.install()
        let utf8 = TerminalLocale.activate(environment: environment)
        let terminfoColors = lbx_terminfo_colors(nil)  // before newterm: it sets up and frees its own terminal
        var detected = TerminalCapabilities.detect(environment: environment,
                                                   terminfoColors: terminfoColors < 0 ? nil : Int(terminfoColors))
        detected.unicode = detected.unicode && utf8
        if let mode = options.colorMode { detected.colorMode = mode }
        if let unicode = options.unicode { detected.unicode = unicode && utf8 }
        capabilities = detected

        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
              let screen = newterm(nil, output, input) else {
            throw TerminalScreenError(description: "cannot open the terminal (TERM=\(environment["TERM"] ?? "unset"))")
        }
        self.screen = screen
        set_term(screen)
        window = lbx_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        colors = capabilities.colorMode != .monochrome && has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        wtimeout(window, options.inputTimeoutMilliseconds)
        pane = ImagePane(encoder: ANSIEncoder(unicode: capabilities.unicode))
    }

    private func close() {
        endwin()
        delscreen(screen)
    }

    /// The screen size in cells, as curses knows it after the last resize.
    public var size: (cols: Int, rows: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        lbx_getmaxyx(window, &rows, &cols)
        return (Int(cols), Int(rows))
    }

    /// SIGHUP, SIGTERM or SIGINT arrived: finish the current step and return from the body.
    public var quitSignal: Int32? { QuitSignals.received }

    // MARK: Input

    /// The next key, or nil when none arrived within the input timeout (or a signal interrupted the wait).
    /// A resize answers `.resize`, and the next `present` repaints everything.
    public func nextKey() -> Key? {
        var code: wint_t = 0
        switch wget_wch(window, &code) {
        case KEY_CODE_YES:
            let key = Self.functionKey(Int32(code))
            if key == .resize { repaintAll() }
            return key
        case OK:
            return Self.characterKey(code)
        default:
            return nil
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SR: return .shiftUp
        case KEY_SF: return .shiftDown
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_RESIZE: return .resize
        default: return nil
        }
    }

    private static func characterKey(_ code: wint_t) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default: return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }

    // MARK: Drawing

    /// Starts a frame: the text panes are drawn from scratch (curses sends only what differs).
    public func beginFrame() {
        werase(window)
        pendingImage = nil
    }

    /// The next `present` clears the terminal and writes everything, the image pane included: after a
    /// resize, or when curses has drawn over the pane (an overlay closed).
    public func repaintAll() {
        repaintPending = true
    }

    /// `text` at `row`, `column`, clipped to `maxColumns` (default: the rest of the row) by display
    /// width. Without UTF-8 the text goes through `TextLayout.asciiFallback`, so the terminal never shows garbage.
    public func put(_ text: String, row: Int, column: Int, maxColumns: Int? = nil, style: TextStyle = .plain) {
        let (cols, rows) = size
        guard row >= 0, row < rows, column >= 0, column < cols else { return }
        let limit = min(maxColumns ?? cols - column, cols - column)
        var wide: [wchar_t] = []
        var used = 0
        for shown in (capabilities.unicode ? text : TextLayout.asciiFallback(text)).unicodeScalars {
            let width = TextLayout.columns(of: shown)
            if used + width > limit { break }
            used += width
            wide.append(wchar_t(bitPattern: shown.value))
        }
        guard !wide.isEmpty else { return }
        setStyle(style)
        wmove(window, Int32(row), Int32(column))
        waddnwstr(window, wide, Int32(wide.count))
        setStyle(.plain)
    }

    /// A whole row painted in `style` (bars), text to be put over it.
    public func fillRow(_ row: Int, style: TextStyle) {
        put(String(repeating: " ", count: size.cols), row: row, column: 0, style: style)
    }

    /// A frame of `rows` x `cols` cells with a cleared inside: box-drawing lines with UTF-8, else `+ - |`.
    public func box(top: Int, left: Int, rows: Int, cols: Int, style: TextStyle = .plain) {
        guard rows >= 2, cols >= 2 else { return }
        let u = capabilities.unicode
        let horizontal = String(repeating: u ? "─" : "-", count: cols - 2)
        let inside = String(repeating: " ", count: cols - 2)
        put((u ? "┌" : "+") + horizontal + (u ? "┐" : "+"), row: top, column: left, style: style)
        for row in top + 1..<top + rows - 1 {
            put((u ? "│" : "|") + inside + (u ? "│" : "|"), row: row, column: left, style: style)
        }
        put((u ? "└" : "+") + horizontal + (u ? "┘" : "+"), row: top + rows - 1, column: left, style: style)
    }

    /// The image pane for this frame; without one the pane's cells are left as they are on screen.
    public func showImage(_ grid: CellGrid, at origin: CursorPosition) {
        pendingImage = (grid, origin)
    }

    /// Sends the frame: curses' update first, then the image pane's changed cells, one write each.
    /// The pane bytes are wrapped in DECSC/DECRC so that curses' idea of the cursor and attributes stays true.
    public func present() {
        if repaintPending {
            clearok(window, true)
            pane.invalidate()
            repaintPending = false
        }
        wnoutrefresh(window)
        doupdate()
        lastImageBytes = 0
        guard let image = pendingImage else { return }
        let bytes = pane.update(to: image.grid, at: image.origin)
        lastImageBytes = bytes.count
        guard !bytes.isEmpty else { return }
        Self.writeAll(Array("\u{1B}7".utf8) + bytes + Array("\u{1B}8".utf8))
    }

    private func setStyle(_ style: TextStyle) {
        var pair: Int32 = 0
        var wanted = style.monochrome
        if colors {
            wanted = style.attributes
            let available = Int(lbx_colors())
            func color(_ number: Int?) -> Int32 { number.map { $0 < available ? Int32($0) : -1 } ?? -1 }
            let foreground = color(style.foreground), background = color(style.background)
            if foreground >= 0 || background >= 0 { pair = max(0, alloc_pair(foreground, background)) }
        }
        var attributes: attr_t = 0
        if wanted.contains(.bold) { attributes |= lbx_a_bold() }
        if wanted.contains(.underline) { attributes |= lbx_a_underline() }
        if wanted.contains(.reverse) { attributes |= lbx_a_reverse() }
        if wanted.contains(.dim) { attributes |= lbx_a_dim() }
        if wanted.contains(.italic) { attributes |= lbx_a_italic() }
        wattr_set(window, attributes, Int16(truncatingIfNeeded: pair), &pair)
    }

    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // the terminal is gone (SIGHUP follows); nothing useful to do
                }
                offset += written
            }
        }
    }
}
