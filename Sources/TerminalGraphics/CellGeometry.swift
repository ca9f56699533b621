/// Which glyphs a cell may use. Every geometry is solved over the same 8x8 subpixel grid per cell,
/// so the quality of different geometries can be compared on one input image.
public enum CellGeometry: String, CaseIterable, Sendable {
    /// ▀ ▄ plus space and █: two pixels per cell, the safe default for UTF-8 terminals.
    case half
    /// The 2x2 quadrant blocks ▘▝▖▗▚▞▀▄▌▐▙▛▜▟.
    case quadrant
    /// Unicode 13 sextants U+1FB00–U+1FB3B (2x3, rows of the 8-high grid split 3/2/3) plus ▌▐█ and space.
    case sextant
    /// Lower eighths ▁…▇ and left eighths ▏…▉ (with their complements ▔▀▐▕ through colour swaps).
    case eighth
    /// Braille U+2800–U+28FF: 2x4 dots, each modelled as a 4x2-subpixel block.
    case braille
    /// Non-UTF-8 terminals: solid spaces in colour modes, a density ramp " .:-=+*#%@" in monochrome.
    case ascii

    /// The subpixel grid every cell covers; the caller supplies images of `cols * 8` x `rows * 8`.
    public static let subpixelsPerCell = (width: 8, height: 8)
}
