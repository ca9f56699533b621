/// A pixel value the solver can sum: one grey channel (the CT fast path) or RGB. Lengths are in RGB units,
/// so grey and colour inputs of the same picture give the same errors.
protocol CellSample: Sendable {
    static var zero: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Float) -> Self
    var rgbSquaredLength: Float { get }
    func quantized(by quantizer: some ColorQuantizer) -> Quantized
}

extension Float: CellSample {
    var rgbSquaredLength: Float { 3 * self * self }
    func quantized(by quantizer: some ColorQuantizer) -> Quantized { quantizer.nearest(grey: self) }
}

extension SIMD3: CellSample where Scalar == Float {
    var rgbSquaredLength: Float { (self * self).sum() }
    func quantized(by quantizer: some ColorQuantizer) -> Quantized { quantizer.nearest(color: self) }
}

/// Finds, for every cell, the glyph and two palette colours with the least squared error: the exact optimum.
///
/// For a glyph splitting the cell into partitions of `nf` and `nb` subpixels with means `mf`, `mb`:
///
///     SSE = (Q - |T|²/64) - nf·nb/64·|mf - mb|²  +  nf·|mf - cf|² + nb·|mb - cb|²
///
/// where the first term is the same for every glyph, the second is the between-partition variance the glyph
/// explains, and the last two are the palette's snapping errors (`cf`, `cb` nearest to the means). The solver
/// compares the glyph-dependent part only; its small magnitude keeps `Float` precise, and `-between` is a
/// lower bound that skips the palette look-ups for glyphs that cannot win.
struct CellSolver<Quantizer: ColorQuantizer>: Sendable {
    let glyphs: GlyphSet
    let quantizer: Quantizer

    /// `scale` converts pixel values to 0...255 (255 for grey images, 1 for RGB).
    func solve<Sample: CellSample>(_ pixels: [Sample], width: Int, height: Int, scale: Float) -> CellGrid {
        let size = CellGeometry.subpixelsPerCell
        precondition(width % size.width == 0 && height % size.height == 0,
                     "image must be cols * \(size.width) x rows * \(size.height) subpixels")
        let cols = width / size.width, rows = height / size.height
        var cells = [Cell]()
        cells.reserveCapacity(cols * rows)
        pixels.withUnsafeBufferPointer { pixels in
            glyphs.atoms.withUnsafeBufferPointer { atoms in
                glyphs.glyphs.withUnsafeBufferPointer { table in
                    withUnsafeTemporaryAllocation(of: Sample.self, capacity: atoms.count + table.count) { scratch in
                        let atomSums = scratch.baseAddress!, glyphSums = atomSums + atoms.count
                        for row in 0..<rows {
                            for col in 0..<cols {
                                let origin = row * size.height * width + col * size.width
                                let total = sumAtoms(pixels, origin: origin, width: width, scale: scale, atoms: atoms, into: atomSums)
                                cells.append(bestCell(total: total, atomSums: atomSums, glyphSums: glyphSums, table: table))
                            }
                        }
                    }
                }
            }
        }
        return CellGrid(cols: cols, rows: rows, cells: cells)
    }

    /// Sums every atom of the cell at `origin`; returns the cell total (the sum of the tiling atoms).
    @inline(__always)
    private func sumAtoms<Sample: CellSample>(_ pixels: UnsafeBufferPointer<Sample>, origin: Int, width: Int, scale: Float,
                                              atoms: UnsafeBufferPointer<SubpixelRect>,
                                              into sums: UnsafeMutablePointer<Sample>) -> Sample {
        var total = Sample.zero
        for index in 0..<atoms.count {
            let atom = atoms[index]
            var sum = Sample.zero
            var rowStart = origin + atom.y0 * width
            for _ in atom.y0..<atom.y1 {
                for x in atom.x0..<atom.x1 { sum = sum + pixels[rowStart + x] }
                rowStart += width
            }
            sum = sum * scale
            sums[index] = sum
            if index < glyphs.partitionCount { total = total + sum }
        }
        return total
    }

    @inline(__always)
    private func bestCell<Sample: CellSample>(total: Sample, atomSums: UnsafeMutablePointer<Sample>,
                                              glyphSums: UnsafeMutablePointer<Sample>,
                                              table: UnsafeBufferPointer<GlyphSet.Glyph>) -> Cell {
        let uniform = (total * (1 / 64)).quantized(by: quantizer)
        var best = 64 * uniform.error
        var bestGlyph = 0, fgCode = uniform.code, bgCode = uniform.code
        glyphSums[0] = .zero
        for index in 1..<table.count {
            let glyph = table[index]
            let fgSum = glyphSums[glyph.parent] + atomSums[glyph.atom]
            glyphSums[index] = fgSum
            let fgMean = fgSum * glyph.inverseFgCount
            let bgMean = (total - fgSum) * glyph.inverseBgCount
            let between = glyph.weight * (fgMean - bgMean).rgbSquaredLength
            guard -between < best else { continue }
            let fg = fgMean.quantized(by: quantizer)
            let partial = glyph.fgCount * fg.error - between
            guard partial < best else { continue }
            let bg = bgMean.quantized(by: quantizer)
            let cost = partial + glyph.bgCount * bg.error
            if cost < best {
                best = cost
                bestGlyph = index
                fgCode = fg.code
                bgCode = bg.code
            }
        }
        if bestGlyph == 0 || fgCode == bgCode { return quantizer.uniformCell(bgCode) }
        let glyph = table[bestGlyph]
        let fg = quantizer.terminalColor(fgCode), bg = quantizer.terminalColor(bgCode)
        return glyph.swapsColors ? Cell(glyph: glyph.scalar, fg: bg, bg: fg) : Cell(glyph: glyph.scalar, fg: fg, bg: bg)
    }
}
