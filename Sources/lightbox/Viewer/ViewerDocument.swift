import Foundation
import Imaging
import Viewing

/// What the viewer shows: a DICOM series or a PNG, as slices the renderer can draw.
struct ViewerDocument: Sendable {
    let sliceCount: Int
    let defaultWindow: Window
    /// The file name and series description for the title line.
    let title: String
    let isSynthetic: Bool
    private let source: Source

    private enum Source: Sendable {
        case volume(Volume)
        case image(ViewableSlice)
    }

    init(_ loaded: ImageSource, path: String) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        switch loaded {
        case let .dicom(series, volume):
            sliceCount = volume.sliceCount
            defaultWindow = volume.defaultWindow
            title = [name, series.info.description].compactMap { $0 }.joined(separator: " — ")
            isSynthetic = series.info.isSynthetic
            source = .volume(volume)
        case let .png(image):
            sliceCount = 1
            defaultWindow = ViewableSlice.pngFullRangeWindow
            title = name
            isSynthetic = false
            source = .image(ViewableSlice(png: image))
        }
    }

    func slice(_ index: Int) -> ViewableSlice {
        switch source {
        case let .volume(volume): return ViewableSlice(volume: volume, slice: index)
        case let .image(slice): return slice
        }
    }
}
