import Foundation

/// What the terminal shows for `grid`, at 8x8 subpixels per cell: fg where the glyph's mask is set, bg
/// elsewhere; glyphs without a mask (ramp characters, text) blend fg over bg by their nominal coverage.
/// This is the model the solver optimises, so tests measure quality through it.
public func reconstruct(_ grid: CellGrid) -> RGBImage {
    let size = CellGeometry.subpixelsPerCell
    var image = RGBImage(width: grid.cols * size.width, height: grid.rows * size.height)
    for row in 0..<grid.rows {
        for col in 0..<grid.cols {
            let cell = grid.cell(atColumn: col, row: row)
            let fg = cell.fg.rgbValue.vector, bg = cell.bg.rgbValue.vector
            let mask = Glyphs.mask(of: cell.glyph)
            let blended = mask == nil ? bg + (fg - bg) * Glyphs.coverage(of: cell.glyph) : bg
            for y in 0..<size.height {
                for x in 0..<size.width {
                    let color = mask.map { $0 >> UInt64(y * 8 + x) & 1 == 1 ? fg : bg } ?? blended
                    image[col * size.width + x, row * size.height + y] = color
                }
            }
        }
    }
    return image
}

/// Sum over pixels and channels of the squared difference, in `Double` so large images stay exact.
public func sumOfSquaredErrors(_ a: RGBImage, _ b: RGBImage) -> Double {
    precondition(a.width == b.width && a.height == b.height, "images must have the same size")
    var sum = 0.0
    for (p, q) in zip(a.pixels, b.pixels) {
        let d = SIMD3<Double>(Double(p.x - q.x), Double(p.y - q.y), Double(p.z - q.z))
        sum += (d * d).sum()
    }
    return sum
}

/// Peak signal-to-noise ratio in dB for 8-bit channels: `10 log10(255² / MSE)`; infinite for identical images.
public func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
    let mse = sumOfSquaredErrors(a, b) / Double(max(a.pixels.count * 3, 1))
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}
