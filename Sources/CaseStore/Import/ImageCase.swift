import Foundation
import Imaging

/// One series to store, from DICOM or from a PNG, with everything the tables need.
struct ImageCase {
    var patient: PatientInfo
    var study: StudyInfo
    var series: SeriesInfo
    var sourcePath: String
    var fileCount: Int
    var geometry: VolumeGeometry
    /// The file of each slice, so the full-resolution pixels can be read again.
    var sliceFiles: [String]
    var window: Window?
    /// Decodes the pixels and makes the preview; called only for series not yet in the store.
    var preview: () throws(ImagingError) -> SeriesPreview

    static func dicom(_ series: Series, patient: PatientInfo, study: StudyInfo, root: String) -> ImageCase {
        ImageCase(patient: patient, study: study, series: series.info, sourcePath: root, fileCount: series.fileCount,
                  geometry: series.geometry, sliceFiles: series.sliceFiles, window: series.storedWindow) { () throws(ImagingError) in
            SeriesPreview(volume: try series.loadVolume())
        }
    }

    /// A PNG is a case of one image; the file name (without `.png`) names patient, study and series.
    /// Its grey levels are kept as 0…4095 with a window spanning them, as there are no HU.
    static func png(_ path: String) throws(ImagingError) -> ImageCase {
        let image = try PNGCodec.read(path)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let uid = "png:" + stem
        let geometry = VolumeGeometry(columns: image.width, rows: image.height, slices: 1, rowSpacing: 1,
                                      columnSpacing: 1, origins: [Vector3(0, 0, 0)])
        return ImageCase(patient: PatientInfo(id: stem, name: stem), study: StudyInfo(instanceUID: uid),
                         series: SeriesInfo(instanceUID: uid, modality: "OT", description: "PNG image", isSynthetic: false),
                         sourcePath: path, fileCount: 1, geometry: geometry, sliceFiles: [path],
                         window: Window(center: 2048, width: 4096)) {
            let grey = image.luminance
            let levels = ScalarImage(width: grey.width, height: grey.height, values: grey.values.map { $0 * 4095 })
            return SeriesPreview(images: [levels], columns: image.width, rows: image.height)
        }
    }
}

/// The geometry that the columns of `series` do not hold, as JSON.
struct GeometryDetails: Codable {
    var rowDirection: Vector3
    var columnDirection: Vector3
    /// Position of each slice's first pixel, in slice order.
    var origins: [Vector3]
    var spacingMin: Double
    var spacingMax: Double
    var sliceFiles: [String]

    init(_ geometry: VolumeGeometry, sliceFiles: [String]) {
        rowDirection = geometry.rowDirection
        columnDirection = geometry.columnDirection
        origins = geometry.origins
        spacingMin = geometry.spacingRange.lowerBound
        spacingMax = geometry.spacingRange.upperBound
        self.sliceFiles = sliceFiles
    }

    var json: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
