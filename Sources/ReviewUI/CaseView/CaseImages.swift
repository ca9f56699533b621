import CaseStore
import Imaging
import Viewing

/// The pixels of an open case: the series preview from the store (read in one query, so the first
/// image is on screen at once) and the suggestion's heatmap over its key slice.
public struct CaseImages: Sendable {
    let stack: PreviewStack
    let rowSpacing: Double, columnSpacing: Double
    let heatmap: ScalarImage?
    let heatmapSlice: Int?

    /// Spacings are scaled from the full-size series to the preview, so the aspect stays physical.
    public init(stack: PreviewStack, series: SeriesSummary, heatmap: ScalarImage?, heatmapSlice: Int?) {
        self.stack = stack
        rowSpacing = series.rowSpacing * Double(series.rows) / Double(max(1, stack.height))
        columnSpacing = series.columnSpacing * Double(series.columns) / Double(max(1, stack.width))
        self.heatmap = heatmap
        self.heatmapSlice = heatmapSlice
    }

    public var hasHeatmap: Bool { heatmap != nil }

    public func slice(_ index: Int) -> ViewableSlice {
        let values = stack.slice(min(max(0, index), stack.slices - 1)).map(Float.init)
        return ViewableSlice(values: ScalarImage(width: stack.width, height: stack.height, values: values),
                             rowSpacing: rowSpacing, columnSpacing: columnSpacing,
                             heatmap: index == heatmapSlice ? heatmap : nil)
    }

    /// A grey PNG read as a 0…1 map; a broken file is the caller's message, never a crash.
    public static func heatmap(at path: String) throws(ImagingError) -> ScalarImage {
        try PNGCodec.read(path).luminance
    }
}
