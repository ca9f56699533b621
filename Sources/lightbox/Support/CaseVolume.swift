import Foundation
import Imaging

/// The pixels of a stored case: the store keeps each slice's file path, the files stay where they were
/// imported from, so a case is read by scanning its folder again for its series.
enum CaseVolume {
    static func load(seriesUID: String, sliceFiles: [String]) -> Result<Volume, CommandFailure> {
        let folder = sliceFiles.first.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        guard let series = DicomCatalog.scan(folder).allSeries.first(where: { $0.info.instanceUID == seriesUID }) else {
            return .failure(CommandFailure("its DICOM series is no longer in \(folder)", .noInput))
        }
        do throws(ImagingError) { return .success(try series.loadVolume()) } catch {
            return .failure(CommandFailure(error.description, .badData))
        }
    }
}
