import Dispatch
import Foundation
import Imaging
import Phantom
import Synchronization

/// A folder of synthetic studies as an import would find them:
///
///     studies/<PatientID>/IM00001.dcm …   one CT series per study
///     reports/<AccessionNumber>.txt        the report text (UTF-8), a sidecar by accession
///     manifest.jsonl                       ground truth, one JSON object per study
///
/// The same seed and count give the same bytes.
public enum DemoDataset {
    public static let manifestName = "manifest.jsonl"

    /// Writes `count` studies of `seed` into `folder`, studies in parallel on
    /// all cores. `progress` is called (from any thread) after each study.
    public static func generate(count: Int, seed: UInt64, into folder: String,
                                progress: @Sendable (_ done: Int, _ study: PhantomStudy) -> Void = { _, _ in })
        throws(ImagingError) -> [PhantomStudy] {
        let generator = PhantomGenerator(seed: seed)
        let studies = generator.studies(0..<count)
        for sub in ["studies", "reports"] {
            do {
                try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
            } catch {
                throw .writeFailed(path: folder + "/" + sub, reason: error.localizedDescription)
            }
        }
        // Writing a study takes hundreds of milliseconds; a lock per study costs nothing.
        let failures = Mutex<[Int: ImagingError]>([:])
        let finished = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let study = studies[i]
            do throws(ImagingError) {
                try write(study, into: folder)
            } catch {
                failures.withLock { $0[i] = error }
            }
            progress(finished.add(1, ordering: .relaxed).newValue, study)
        }
        if let first = failures.withLock({ $0.min { $0.key < $1.key }?.value }) { throw first }
        do {
            try PhantomManifest.write(studies, to: URL(fileURLWithPath: folder + "/" + manifestName))
        } catch {
            throw .writeFailed(path: folder + "/" + manifestName, reason: "\(error)")
        }
        return studies
    }

    /// The series as DICOM and the report as its sidecar.
    private static func write(_ study: PhantomStudy, into folder: String) throws(ImagingError) {
        try study.seriesWriter.write(study.volume(), to: seriesFolder(study, in: folder))
        let report = folder + "/reports/\(study.studyInfo.accessionNumber).txt"
        guard FileManager.default.createFile(atPath: report, contents: Data((study.report.text + "\n").utf8)) else {
            throw .writeFailed(path: report, reason: "cannot create the file")
        }
    }

    public static func seriesFolder(_ study: PhantomStudy, in folder: String) -> String {
        folder + "/studies/" + study.patient.id
    }
}
