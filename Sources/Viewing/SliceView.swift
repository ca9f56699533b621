import Imaging
import TerminalGraphics

/// What part of a slice is shown and how: the window, zoom and pan, and an
/// optional heatmap. Pure data, so screens and commands can hold and change it.
public struct SliceViewState: Sendable, Equatable {
    public var window: Window
    /// 1 shows the whole slice; 2 shows half its width and height, and so on.
    public var zoom: Double
    /// The centre of the visible region as a fraction of the slice (0.5, 0.5 = middle).
    public var center: (x: Double, y: Double)
    public var overlay: OverlaySettings?

    public init(window: Window, zoom: Double = 1, center: (x: Double, y: Double) = (0.5, 0.5),
                overlay: OverlaySettings? = nil) {
        self.window = window
        self.zoom = zoom
        self.center = center
        self.overlay = overlay
    }

    public static func == (a: SliceViewState, b: SliceViewState) -> Bool {
        a.window == b.window && a.zoom == b.zoom && a.center == b.center && a.overlay == b.overlay
    }
}

/// How a heatmap is laid over the slice.
public struct OverlaySettings: Sendable, Equatable {
    public var colorMap: ColorMap
    public var opacity: Float
    /// Values below this (0...1) are transparent.
    public var threshold: Float

    public init(colorMap: ColorMap = .turbo, opacity: Float = 0.45, threshold: Float = 0.2) {
        self.colorMap = colorMap
        self.opacity = opacity
        self.threshold = threshold
    }
}

/// A slice ready to be viewed: modality values, physical pixel size, and how
/// stored values become grey.
public struct ViewableSlice: Sendable {
    public var values: ScalarImage
    /// Millimetres between rows and between columns.
    public var rowSpacing: Double
    public var columnSpacing: Double
    public var photometric: PhotometricInterpretation
    /// A heatmap (0...1) of any size covering the whole slice, e.g. Grad-CAM.
    public var heatmap: ScalarImage?

    public init(values: ScalarImage, rowSpacing: Double = 1, columnSpacing: Double = 1,
                photometric: PhotometricInterpretation = .monochrome2, heatmap: ScalarImage? = nil) {
        self.values = values
        self.rowSpacing = rowSpacing
        self.columnSpacing = columnSpacing
        self.photometric = photometric
        self.heatmap = heatmap
    }

    /// A PNG as a one-slice image. Its grey is display grey already; it is
    /// scaled to 0...65535 so that W,L read like stored values, and
    /// `pngFullRangeWindow` shows it as it is.
    public init(png: PNGImage, heatmap: ScalarImage? = nil) {
        let grey = png.luminance
        self.init(values: ScalarImage(width: grey.width, height: grey.height, values: grey.values.map { $0 * 65535 }),
                  heatmap: heatmap)
    }

    /// The window that shows a PNG slice unchanged.
    public static let pngFullRangeWindow = Window(center: 32767.5, width: 65536)

    public init(volume: Volume, slice: Int, heatmap: ScalarImage? = nil) {
        self.init(values: volume.slice(slice), rowSpacing: volume.geometry.rowSpacing,
                  columnSpacing: volume.geometry.columnSpacing, photometric: volume.photometric, heatmap: heatmap)
    }
}

/// Turns a slice and a view state into terminal cells: window first (the eye
/// averages displayed grey, not HU), then resample the visible region to the
/// renderer's 8x8 subpixels per cell keeping the physical aspect, then solve.
public struct SliceRenderer: Sendable {
    public var geometry: CellGeometry
    public var colorMode: ColorMode
    /// Height of a terminal cell over its width; about 2 in common fonts.
    public var cellAspect: Double

    public init(geometry: CellGeometry, colorMode: ColorMode, cellAspect: Double = 2) {
        self.geometry = geometry
        self.colorMode = colorMode
        self.cellAspect = cellAspect
    }

    /// Cells filling exactly `cols` x `rows`. The physical aspect is kept by
    /// widening the visible region with black bars, unless `stretch` is set.
    public func render(_ slice: ViewableSlice, state: SliceViewState, cols: Int, rows: Int,
                       stretch: Bool = false) -> CellGrid {
        let image = subpixelImage(slice, state: state, cols: cols, rows: rows, stretch: stretch)
        return CellRenderer(geometry: geometry, colorMode: colorMode).render(image.grey, overlay: image.overlay)
    }

    /// What the cell solver is given: the windowed grey at 8x8 subpixels per
    /// cell, and the overlay resampled to the same grid. Public so that tests
    /// and benchmarks can measure the cells against exactly this image.
    public func subpixelImage(_ slice: ViewableSlice, state: SliceViewState, cols: Int, rows: Int,
                              stretch: Bool = false) -> (grey: GrayImage, overlay: HeatmapOverlay?) {
        var region = visibleRegion(of: slice.values, state: state)
        if !stretch { region = letterboxed(region, slice: slice, cols: cols, rows: rows) }
        let (subWidth, subHeight) = CellGeometry.subpixelsPerCell
        let width = cols * subWidth, height = rows * subHeight
        let grey = Resampler.resample(Self.windowed(slice, state.window), region: region, width: width, height: height)
        var overlay: HeatmapOverlay?
        if let settings = state.overlay, let heatmap = slice.heatmap {
            let scaled = scale(region, from: slice.values, to: heatmap)
            let values = Resampler.resample(heatmap, region: scaled, width: width, height: height, fill: 0)
            overlay = HeatmapOverlay(values: values.values, colorMap: settings.colorMap,
                                     opacity: settings.opacity, threshold: settings.threshold)
        }
        return (GrayImage(width: width, height: height, pixels: grey.values), overlay)
    }

    /// The windowed slice composited with its heatmap at full resolution, as
    /// 8-bit RGB with square pixels (rows stretched when spacing differs).
    public static func composedRGB(_ slice: ViewableSlice, state: SliceViewState) -> (bytes: [UInt8], width: Int, height: Int) {
        let width = slice.values.width
        let height = max(1, Int((Double(slice.values.height) * slice.rowSpacing / slice.columnSpacing).rounded()))
        let grey = Resampler.resample(windowed(slice, state.window), width: width, height: height)
        var overlay: HeatmapOverlay?
        if let settings = state.overlay, let heatmap = slice.heatmap {
            let values = Resampler.resample(heatmap, width: width, height: height)
            overlay = HeatmapOverlay(values: values.values, colorMap: settings.colorMap, opacity: settings.opacity,
                                     threshold: settings.threshold)
        }
        let rgb = composite(GrayImage(width: width, height: height, pixels: grey.values), overlay: overlay)
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for (i, pixel) in rgb.pixels.enumerated() {
            let rounded = RGB(rounding: pixel)
            bytes[3 * i] = rounded.r
            bytes[3 * i + 1] = rounded.g
            bytes[3 * i + 2] = rounded.b
        }
        return (bytes, width, height)
    }

    private static func windowed(_ slice: ViewableSlice, _ window: Window) -> ScalarImage {
        VOIFunction(window: window, photometric: slice.photometric).apply(slice.values)
    }

    /// The source rectangle shown at `state.zoom` around `state.center`.
    private func visibleRegion(of image: ScalarImage, state: SliceViewState) -> Resampler.Region {
        let zoom = max(state.zoom, 1)
        let w = Double(image.width) / zoom, h = Double(image.height) / zoom
        return Resampler.Region(x: state.center.x * Double(image.width) - w / 2,
                                y: state.center.y * Double(image.height) - h / 2, width: w, height: h)
    }

    /// Grows the region along one axis so that its physical aspect equals the
    /// grid's (cells are `cellAspect` times taller than wide).
    private func letterboxed(_ region: Resampler.Region, slice: ViewableSlice, cols: Int, rows: Int) -> Resampler.Region {
        let regionAspect = (region.width * slice.columnSpacing) / (region.height * slice.rowSpacing)
        let gridAspect = Double(cols) / (Double(rows) * cellAspect)
        var grown = region
        if regionAspect > gridAspect {
            grown.height = region.width * slice.columnSpacing / gridAspect / slice.rowSpacing
            grown.y -= (grown.height - region.height) / 2
        } else {
            grown.width = region.height * slice.rowSpacing * gridAspect / slice.columnSpacing
            grown.x -= (grown.width - region.width) / 2
        }
        return grown
    }

    /// The same physical rectangle in the heatmap's pixel units.
    private func scale(_ region: Resampler.Region, from image: ScalarImage, to heatmap: ScalarImage) -> Resampler.Region {
        let sx = Double(heatmap.width) / Double(image.width), sy = Double(heatmap.height) / Double(image.height)
        return Resampler.Region(x: region.x * sx, y: region.y * sy, width: region.width * sx, height: region.height * sy)
    }
}
