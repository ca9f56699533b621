import Foundation
import Imaging
import Viewing

/// What the viewer shows: a DICOM series or a PNG, as slices the renderer can draw.
public struct ViewerDocument: Sendable {
    public let sliceCount: Int
    public let defaultWindow: Window
    /// The file name and series description for the title line.
    public let title: String
    public let isSynthetic: Bool
    private let source: Source

    private enum Source: Sendable {
        case volume(Volume)
        case image(ViewableSlice)
    }

    /// A DICOM series, titled with the file name and the series description.
    public init(volume: Volume, series: SeriesInfo, path: String) {
        sliceCount = volume.sliceCount
        defaultWindow = volume.defaultWindow
        title = [URL(fileURLWithPath: path).lastPathComponent, series.description].compactMap { $0 }.joined(separator: " — ")
        isSynthetic = series.isSynthetic
        source = .volume(volume)
    }

    /// A PNG: one slice, shown as it is.
    public init(png: PNGImage, path: String) {
        sliceCount = 1
        defaultWindow = ViewableSlice.pngFullRangeWindow
        title = URL(fileURLWithPath: path).lastPathComponent
        isSynthetic = false
        source = .image(ViewableSlice(png: png))
    }

    public func slice(_ index: Int) -> ViewableSlice {
        switch source {
        case let .volume(volume): return ViewableSlice(volume: volume, slice: index)
        case let .image(slice): return slice
        }
    }
}
