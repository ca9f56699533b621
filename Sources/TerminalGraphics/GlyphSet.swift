/// The search table of one geometry, built so that every glyph's foreground sum costs a single addition.
///
/// A cell is summed once per *atom* (a rectangle of subpixels); each glyph is its parent glyph plus one atom,
/// so the solver walks the table accumulating sums. Only one glyph of each complementary pair is listed:
/// the pair draws the same picture with fg and bg swapped, and the encoder may pick either.
struct GlyphSet: Sendable {
    struct Glyph: Sendable {
        let parent: Int
        let atom: Int
        let mask: UInt64
        let scalar: Unicode.Scalar
        /// The geometry has no glyph for `mask`, only for its complement: the cell gets swapped colours.
        let swapsColors: Bool
        let fgCount: Float
        let bgCount: Float
        let inverseFgCount: Float
        let inverseBgCount: Float
        /// `fgCount * bgCount / 64`: the between-partition weight of the variance split.
        let weight: Float
    }

    let atoms: [SubpixelRect]
    /// The first `partitionCount` atoms tile the cell; their sums add up to the cell total.
    let partitionCount: Int
    /// Entry 0 is the uniform cell; the solver searches entries 1...
    let glyphs: [Glyph]

    private init(atoms: [SubpixelRect], partitionCount: Int, chains: [(parent: Int, atom: Int)], braille: Bool = false) {
        self.atoms = atoms
        self.partitionCount = partitionCount
        var glyphs = [Glyph(parent: 0, atom: 0, mask: 0, scalar: Glyphs.space, swapsColors: false,
                            fgCount: 0, bgCount: 64, inverseFgCount: 0, inverseBgCount: 1 / 64, weight: 0)]
        let lookup = braille ? Glyphs.brailleScalar(for:) : Glyphs.blockScalar(for:)
        for (parent, atom) in chains {
            let mask = glyphs[parent].mask | atoms[atom].mask
            let direct = lookup(mask)
            guard let scalar = direct ?? lookup(~mask) else { preconditionFailure("no glyph for mask \(mask)") }
            let fg = Float(mask.nonzeroBitCount), bg = 64 - fg
            glyphs.append(Glyph(parent: parent, atom: atom, mask: mask, scalar: scalar, swapsColors: direct == nil,
                                fgCount: fg, bgCount: bg, inverseFgCount: 1 / fg, inverseBgCount: 1 / bg,
                                weight: fg * bg / 64))
        }
        self.glyphs = glyphs
    }

    /// All non-empty subsets of the first `free` atoms, in an order where each subset's parent (itself minus its
    /// lowest atom) comes first. Leaving the last atom out keeps exactly one glyph of each complementary pair.
    private init(subsetsOf atoms: [SubpixelRect], free: Int, braille: Bool = false) {
        let chains = (1..<(1 << free)).map { subset in (parent: subset & (subset - 1), atom: subset.trailingZeroBitCount) }
        self.init(atoms: atoms, partitionCount: atoms.count, chains: chains, braille: braille)
    }

    static func forGeometry(_ geometry: CellGeometry) -> GlyphSet {
        switch geometry {
        case .half: return half
        case .quadrant: return quadrant
        case .sextant: return sextant
        case .eighth: return eighth
        case .braille: return braille
        case .ascii: return ascii
        }
    }

    private static let half = GlyphSet(subsetsOf: Glyphs.halves, free: 1)
    private static let quadrant = GlyphSet(subsetsOf: Glyphs.quadrants, free: 3)
    private static let sextant = GlyphSet(subsetsOf: Glyphs.sextantCells, free: 5)
    private static let braille = GlyphSet(subsetsOf: Glyphs.brailleDots, free: 7, braille: true)

    /// Rows 0–7 are atoms 0–7, columns 0–7 atoms 8–15. Lower k/8 grows upwards row by row from the bottom,
    /// left k/8 column by column from the left; upper and right eighths are their complements.
    private static let eighth: GlyphSet = {
        let rows = (0..<8).map { SubpixelRect(0, $0, 8, $0 + 1) }
        let columns = (0..<8).map { SubpixelRect($0, 0, $0 + 1, 8) }
        let lower = (1...7).map { k in (parent: k == 1 ? 0 : k - 1, atom: 8 - k) }
        let left = (1...7).map { k in (parent: k == 1 ? 0 : 7 + k - 1, atom: 8 + k - 1) }
        return GlyphSet(atoms: rows + columns, partitionCount: 8, chains: lower + left)
    }()

    private static let ascii = GlyphSet(atoms: [SubpixelRect(0, 0, 8, 8)], partitionCount: 1, chains: [])
}
