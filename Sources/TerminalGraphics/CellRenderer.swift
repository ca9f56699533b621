/// Turns an image (`cols * 8` x `rows * 8` subpixels; the caller resamples) into the cell grid with the least
/// squared RGB error for the chosen geometry and colour mode.
public struct CellRenderer: Sendable {
    public var geometry: CellGeometry
    public var colorMode: ColorMode

    public init(geometry: CellGeometry = .half, colorMode: ColorMode) {
        self.geometry = geometry
        self.colorMode = colorMode
    }

    /// Renders a grey image, composited with `overlay` when given. Without an overlay the image stays on the
    /// one-channel path, a third of the work of RGB.
    public func render(_ image: GrayImage, overlay: HeatmapOverlay? = nil) -> CellGrid {
        if let overlay { return render(composite(image, overlay: overlay)) }
        return solve(image.pixels, width: image.width, height: image.height, scale: 255)
    }

    public func render(_ image: RGBImage) -> CellGrid {
        solve(image.pixels, width: image.width, height: image.height, scale: 1)
    }

    private func solve<Sample: CellSample>(_ pixels: [Sample], width: Int, height: Int, scale: Float) -> CellGrid {
        let glyphs = GlyphSet.forGeometry(geometry)
        func run(_ quantizer: some ColorQuantizer) -> CellGrid {
            CellSolver(glyphs: glyphs, quantizer: quantizer).solve(pixels, width: width, height: height, scale: scale)
        }
        switch colorMode {
        case .truecolor: return run(TrueColorQuantizer())
        case .palette256: return run(Palette256Quantizer())
        case .palette16: return run(ListQuantizer.palette16)
        case .monochrome: return geometry == .ascii ? run(AsciiRampQuantizer()) : run(ListQuantizer.monochrome)
        }
    }
}
