extension ANSIEncoder {
    /// The terminal's graphic state: what the foreground and background slots hold and whether reverse video
    /// swaps them. Slot defaults are written `.defaultForeground` (fg slot) and `.defaultBackground` (bg slot).
    /// Keep one per output stream to chain segments without re-sending colours.
    public struct Pen: Hashable, Sendable {
        var fg: TerminalColor
        var bg: TerminalColor
        var reverse: Bool

        /// The state after `ESC[0m`, assumed at the start of every row of the stdout form.
        public static let reset = Pen(fg: .defaultForeground, bg: .defaultBackground, reverse: false)

        /// The colour glyph ink appears in.
        var ink: TerminalColor { reverse ? bg : fg }
        /// The colour of the rest of the cell.
        var paper: TerminalColor { reverse ? fg : bg }

        func satisfies(_ drawing: Drawing) -> Bool {
            (drawing.ink == nil || drawing.ink == ink) && (drawing.paper == nil || drawing.paper == paper)
        }

        /// This pen changed as little as possible to draw `drawing` with reverse video `reverse`; nil when the
        /// slots cannot express it (the fg slot cannot show the default background, nor the bg slot the default
        /// foreground).
        func adopting(_ drawing: Drawing, reverse: Bool) -> Pen? {
            var pen = self
            pen.reverse = reverse
            if let ink = drawing.ink {
                guard ink != (reverse ? .defaultForeground : .defaultBackground) else { return nil }
                if reverse { pen.bg = ink } else { pen.fg = ink }
            }
            if let paper = drawing.paper {
                guard paper != (reverse ? .defaultBackground : .defaultForeground) else { return nil }
                if reverse { pen.fg = paper } else { pen.bg = paper }
            }
            return pen
        }
    }

    /// One way to put a cell on screen: a glyph and the colours it needs; nil means "any".
    struct Drawing {
        var glyph: Unicode.Scalar
        var ink: TerminalColor?
        var paper: TerminalColor?
    }
}

/// Where bytes go: the output buffer, or a counter that prices an escape sequence without writing it.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func appendDecimal(_ value: Int)
}

extension ByteSink {
    mutating func appendDecimal(_ value: Int) {
        if value >= 10 { appendDecimal(value / 10) }
        append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}

extension Array: ByteSink where Element == UInt8 {}

struct ByteCounter: ByteSink {
    var count = 0

    mutating func append(_ byte: UInt8) {
        count += 1
    }

    mutating func appendDecimal(_ value: Int) {
        var rest = value / 10
        count += 1
        while rest > 0 {
            count += 1
            rest /= 10
        }
    }
}

/// SGR (Select Graphic Rendition) sequences in their shortest forms: one sequence per change carrying fg and
/// bg together, `3x`/`9x` for system colours, `38;5;n` for the rest of the palette, `38;2;r;g;b` for RGB.
enum SGR {
    typealias Pen = ANSIEncoder.Pen

    /// Bytes needed to go from `pen` to `target`.
    static func cost(from pen: Pen, to target: Pen) -> Int {
        guard pen != target else { return 0 }
        return min(count(from: pen, to: target, viaReset: false), resetCount(from: pen, to: target))
    }

    static func emit(from pen: Pen, to target: Pen, into output: inout [UInt8]) {
        guard pen != target else { return }
        let viaReset = resetCount(from: pen, to: target) < count(from: pen, to: target, viaReset: false)
        write(from: pen, to: target, viaReset: viaReset, into: &output)
    }

    private static func count(from pen: Pen, to target: Pen, viaReset: Bool) -> Int {
        var counter = ByteCounter()
        write(from: pen, to: target, viaReset: viaReset, into: &counter)
        return counter.count
    }

    /// The reset form re-sends every non-default slot, so it can only win when the target has a default slot
    /// or leaves reverse video; otherwise it is not priced at all.
    private static func resetCount(from pen: Pen, to target: Pen) -> Int {
        let helps = target.fg == .defaultForeground || target.bg == .defaultBackground || (pen.reverse && !target.reverse)
        return helps ? count(from: pen, to: target, viaReset: true) : .max
    }

    /// Either only what differs from `pen`, or `0` (reset) followed by what differs from the reset pen;
    /// the reset form wins when leaving reverse video with default colours (`ESC[0m` beats `ESC[27m`).
    private static func write<Sink: ByteSink>(from pen: Pen, to target: Pen, viaReset: Bool, into sink: inout Sink) {
        let base = viaReset ? Pen.reset : pen
        var first = true
        func separate() {
            if !first { sink.append(UInt8(ascii: ";")) }
            first = false
        }
        sink.append(0x1B)
        sink.append(UInt8(ascii: "["))
        if viaReset {
            separate()
            sink.append(UInt8(ascii: "0"))
        }
        if target.reverse != base.reverse {
            separate()
            sink.appendDecimal(target.reverse ? 7 : 27)
        }
        if target.fg != base.fg {
            separate()
            color(target.fg, background: false, into: &sink)
        }
        if target.bg != base.bg {
            separate()
            color(target.bg, background: true, into: &sink)
        }
        sink.append(UInt8(ascii: "m"))
    }

    private static func color<Sink: ByteSink>(_ color: TerminalColor, background: Bool, into sink: inout Sink) {
        switch color {
        case .defaultForeground, .defaultBackground:
            sink.appendDecimal(background ? 49 : 39)
        case let .indexed(index) where index < 8:
            sink.appendDecimal((background ? 40 : 30) + Int(index))
        case let .indexed(index) where index < 16:
            sink.appendDecimal((background ? 100 : 90) + Int(index) - 8)
        case let .indexed(index):
            extended(background: background, form: 5, into: &sink)
            sink.appendDecimal(Int(index))
        case let .rgb(r, g, b):
            extended(background: background, form: 2, into: &sink)
            sink.appendDecimal(Int(r))
            sink.append(UInt8(ascii: ";"))
            sink.appendDecimal(Int(g))
            sink.append(UInt8(ascii: ";"))
            sink.appendDecimal(Int(b))
        }
    }

    /// `38;5;` / `48;2;` and so on.
    private static func extended<Sink: ByteSink>(background: Bool, form: UInt8, into sink: inout Sink) {
        sink.append(UInt8(ascii: background ? "4" : "3"))
        sink.append(UInt8(ascii: "8"))
        sink.append(UInt8(ascii: ";"))
        sink.append(UInt8(ascii: "0") + form)
        sink.append(UInt8(ascii: ";"))
    }
}
