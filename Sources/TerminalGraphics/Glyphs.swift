/// A rectangle of subpixels, `x0 <= x < x1` and `y0 <= y < y1`: the building block of every glyph shape.
struct SubpixelRect: Sendable {
    let x0: Int, y0: Int, x1: Int, y1: Int

    init(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
        (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
    }

    var mask: UInt64 { Glyphs.rect(x0, y0, x1, y1) }
}

/// The shapes of the glyphs this module draws, as masks over a cell's 8x8 subpixels
/// (bit `y * 8 + x`, set = foreground). One table serves the solver's search sets, reconstruction and the
/// encoder's complement swaps, so all three agree on what a glyph looks like.
enum Glyphs {
    static let space: Unicode.Scalar = " "
    static let fullBlock: Unicode.Scalar = "\u{2588}"
    static let blankBraille: Unicode.Scalar = "\u{2800}"
    static let upperHalf: Unicode.Scalar = "\u{2580}"
    static let leftHalf: Unicode.Scalar = "\u{258C}"
    static let fullMask = UInt64.max

    /// The monochrome ASCII density ramp; character `i` is modelled as covering `i / 9` of its cell.
    static let asciiRamp: [Unicode.Scalar] = Array(" .:-=+*#%@".unicodeScalars)

    /// Mask of the subpixels with `x0 <= x < x1`, `y0 <= y < y1`.
    static func rect(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> UInt64 {
        var mask: UInt64 = 0
        for y in y0..<y1 {
            for x in x0..<x1 { mask |= 1 << UInt64(y * 8 + x) }
        }
        return mask
    }

    /// The two-colour shape of `scalar`, or nil for text and shade glyphs (see `coverage(of:)`).
    static func mask(of scalar: Unicode.Scalar) -> UInt64? {
        switch scalar.value {
        case 0x20: return 0
        case 0x2580...0x259F: return blockElementMasks[Int(scalar.value - 0x2580)]
        case 0x2800...0x28FF: return brailleMask(dots: Int(scalar.value - 0x2800))
        case 0x1FB00...0x1FB3B: return sextantMask(pattern: sextantPattern(index: Int(scalar.value - 0x1FB00)))
        default: return nil
        }
    }

    /// The fraction of a cell a glyph without a mask is taken to cover, so reconstruction is defined for
    /// ramp characters and text: ramp characters by their rank, shades by their nominal density, other text 0.5.
    static func coverage(of scalar: Unicode.Scalar) -> Float {
        if let rank = asciiRamp.firstIndex(of: scalar) { return Float(rank) / Float(asciiRamp.count - 1) }
        switch scalar.value {
        case 0x2591: return 0.25
        case 0x2592: return 0.5
        case 0x2593: return 0.75
        default: return 0.5
        }
    }

    /// The glyph whose mask is the inverse of `scalar`'s, among shapes that tile the cell exactly on a real
    /// terminal (space, █, block elements, sextants), so swapping fg and bg draws the identical picture.
    /// Braille is left out: its dots leave gaps on screen, so a complement would turn plot lines into holes.
    static func complement(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x20: return fullBlock
        case 0x2580...0x259F: return blockElementComplements[Int(scalar.value - 0x2580)]
        case 0x1FB00...0x1FB3B: return sextant(pattern: sextantPattern(index: Int(scalar.value - 0x1FB00)) ^ 63)
        default: return nil
        }
    }

    /// A block-family glyph (space, █, block elements, sextants) with exactly this mask.
    static func blockScalar(for mask: UInt64) -> Unicode.Scalar? {
        let candidates = [space] + (0x2580...0x259F).map { Unicode.Scalar($0)! } + (0..<64).map { sextant(pattern: $0) }
        return candidates.first { self.mask(of: $0) == mask }
    }

    /// A braille glyph with exactly this mask.
    static func brailleScalar(for mask: UInt64) -> Unicode.Scalar? {
        (0..<256).first { brailleMask(dots: $0) == mask }.map { Unicode.Scalar(0x2800 + UInt32($0))! }
    }

    // MARK: Sextants: bit i of a pattern is column i % 2, row band i / 2 (rows 0–2, 3–4, 5–7).

    static func sextant(pattern: Int) -> Unicode.Scalar {
        switch pattern {
        case 0: return space
        case 21: return leftHalf
        case 42: return "\u{2590}"
        case 63: return fullBlock
        default:
            let index = pattern - 1 - (pattern > 21 ? 1 : 0) - (pattern > 42 ? 1 : 0)
            return Unicode.Scalar(0x1FB00 + UInt32(index))!
        }
    }

    /// U+1FB00 + index skips the four patterns that already exist as space, ▌, ▐ and █.
    private static func sextantPattern(index: Int) -> Int {
        var pattern = index + 1
        if pattern >= 21 { pattern += 1 }
        if pattern >= 42 { pattern += 1 }
        return pattern
    }

    /// The six sextant cells in pattern-bit order.
    static let sextantCells: [SubpixelRect] = [(0, 3), (3, 5), (5, 8)].flatMap { band in
        [SubpixelRect(0, band.0, 4, band.1), SubpixelRect(4, band.0, 8, band.1)]
    }

    private static func sextantMask(pattern: Int) -> UInt64 {
        sextantCells.indices.reduce(0) { pattern & (1 << $1) != 0 ? $0 | sextantCells[$1].mask : $0 }
    }

    // MARK: Braille: dot bits 0–7 are dots 1–8; dots 1,2,3,7 form the left column top to bottom, 4,5,6,8 the right.

    /// (column, row) of each dot bit.
    private static let brailleDotPlacement = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]

    /// Each dot drawn as a 4x2-subpixel block, in dot-bit order.
    static let brailleDots = brailleDotPlacement.map { SubpixelRect($0.0 * 4, $0.1 * 2, $0.0 * 4 + 4, $0.1 * 2 + 2) }

    /// The dot bit at `[column][row]` of a cell.
    static let brailleBits: [[UInt8]] = (0..<2).map { column in
        (0..<4).map { row in UInt8(1) << brailleDotPlacement.firstIndex { $0 == (column, row) }! }
    }

    private static func brailleMask(dots: Int) -> UInt64 {
        brailleDots.indices.reduce(0) { dots & (1 << $1) != 0 ? $0 | brailleDots[$1].mask : $0 }
    }

    // MARK: Halves (top, bottom) and quadrants (top-left, top-right, bottom-left, bottom-right)

    static let halves = [SubpixelRect(0, 0, 8, 4), SubpixelRect(0, 4, 8, 8)]

    static let quadrants = [SubpixelRect(0, 0, 4, 4), SubpixelRect(4, 0, 8, 4), SubpixelRect(0, 4, 4, 8), SubpixelRect(4, 4, 8, 8)]

    // MARK: Block elements U+2580–U+259F

    /// Nil for the shades ░▒▓, which are not two-colour shapes.
    private static let blockElementMasks: [UInt64?] = {
        var table = [UInt64?](repeating: nil, count: 32)
        table[0x00] = halves[0].mask                                            // ▀
        for k in 1...8 { table[k] = rect(0, 8 - k, 8, 8) }                      // ▁ … ▇ █
        for k in 1...7 { table[0x08 + 8 - k] = rect(0, 0, k, 8) }               // ▉ … ▏
        table[0x10] = rect(4, 0, 8, 8)                                          // ▐
        table[0x14] = rect(0, 0, 8, 1)                                          // ▔
        table[0x15] = rect(7, 0, 8, 8)                                          // ▕
        let (tl, tr, bl, br) = (quadrants[0].mask, quadrants[1].mask, quadrants[2].mask, quadrants[3].mask)
        let shapes = [bl, br, tl, tl | bl | br, tl | br, tl | tr | bl, tl | tr | br, tr, tr | bl, tr | bl | br]
        for (offset, mask) in shapes.enumerated() { table[0x16 + offset] = mask } // ▖ ▗ ▘ ▙ ▚ ▛ ▜ ▝ ▞ ▟
        return table
    }()

    private static let blockElementComplements: [Unicode.Scalar?] = blockElementMasks.map { mask in
        guard let mask else { return nil }
        if mask == fullMask { return space }
        return blockElementMasks.firstIndex { $0 == ~mask }.map { Unicode.Scalar(0x2580 + UInt32($0))! }
    }
}
