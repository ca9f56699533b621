import Foundation
import Imaging
import LightboxTestSupport
import Phantom
import PhantomDICOM

/// A phantom study with a nodule, written once as DICOM for all CLI tests.
enum Fixtures {
    struct PhantomSeries: Sendable {
        let folder: String
        let study: PhantomStudy
    }

    static let phantom: PhantomSeries = {
        let generator = PhantomGenerator(seed: 3)
        let study = (0..<30).lazy.map(generator.study).first { $0.label == .suspiciousNodule && $0.sliceCount < 70 }!
        let folder = makeTemporaryFolder("cli-phantom")
        try! study.seriesWriter.write(study.volume(), to: folder)
        return PhantomSeries(folder: folder, study: study)
    }()

    static func lightbox(_ arguments: String...) -> ProcessResult {
        runProcess(lightboxBinary, arguments)
    }

    static func lightbox(_ arguments: [String], environment: [String: String] = [:]) -> ProcessResult {
        runProcess(lightboxBinary, arguments, environment: environment)
    }
}
