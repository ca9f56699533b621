import Foundation
import Imaging

/// What a PATH argument holds: a DICOM series (from a file, folder or
/// DICOMDIR) or a PNG image, which is a one-slice case of its own.
enum ImageSource {
    case dicom(Series, Volume)
    case png(PNGImage)

    /// Loads PATH; with several series, `seriesUID` picks one, else the largest.
    static func load(_ path: String, seriesUID: String?, limits: ImportLimits) throws -> ImageSource {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("\(path): no such file or folder", .noInput)
        }
        if path.lowercased().hasSuffix(".png") {
            do throws(ImagingError) { return .png(try PNGCodec.read(path)) } catch { throw CommandFailure(error.description) }
        }
        let catalog = DicomCatalog.scan(path, limits: limits)
        reportSkipped(catalog.skipped)
        let all = catalog.allSeries
        let chosen: Series?
        if let seriesUID {
            chosen = all.first { $0.info.instanceUID == seriesUID }
            if chosen == nil { throw CommandFailure("\(path): no series \(seriesUID) (see lightbox info)", .noInput) }
        } else {
            chosen = all.max { $0.geometry.slices < $1.geometry.slices }
        }
        guard let series = chosen else {
            throw CommandFailure("\(path): no usable image found" + (catalog.skipped.isEmpty ? "" : " (\(catalog.skipped.count) files skipped)"))
        }
        do throws(ImagingError) {
            let volume = try series.loadVolume()
            reportSkipped(volume.droppedFiles)
            return .dicom(series, volume)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// One line on stderr per file left out; stdout stays the picture.
    private static func reportSkipped(_ files: [SkippedFile]) {
        for file in files { writeErr("lightbox: skipped \(file)\n") }
    }
}
