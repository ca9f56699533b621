import Phantom

/// A study with what the model learns from and is judged against.
public struct LabelledStudy: Sendable {
    /// Patient and accession, for splitting by patient and for reports.
    public let patientID: String
    public let accession: String
    public let input: StudyInput
    public let report: String
    /// An index into `PhantomLabel.allCases`.
    public let label: Int
    /// For each of `input.sliceIndices`, the lesion mask at the model's matrix (nil: no lesion on it),
    /// to check whether a heatmap points at the lesion.
    public let lesionMasks: [[UInt8]?]
}

extension LabelledStudy {
    public static let labels = PhantomLabel.allCases.map(\.rawValue)

    /// A phantom study rendered directly at the model's resolution: thousands of 512x512 DICOM studies
    /// would not fit on disk, and the phantom renders the area average of its native matrix at any size.
    public init(phantom study: PhantomStudy, spec: StudyInputSpec) {
        let input = StudyInput(spec: spec, sliceCount: study.sliceCount) { k in
            study.renderSlice(k, matrix: spec.matrix).map(Float.init)
        }
        self.init(patientID: study.patient.id, accession: study.studyInfo.accessionNumber, input: input,
                  report: study.report.text, label: PhantomLabel.allCases.firstIndex(of: study.label)!,
                  lesionMasks: input.sliceIndices.map { study.lesionMask(slice: $0, matrix: spec.matrix) })
    }
}

/// `phantom:SEED:COUNT`: studies generated on the fly, in index order.
public struct PhantomSource: Sendable, Equatable {
    public let seed: UInt64
    public let count: Int

    public init(seed: UInt64, count: Int) {
        self.seed = seed
        self.count = count
    }

    /// Parses `phantom:SEED:COUNT`; nil when `text` is not of that form.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "phantom", let seed = UInt64(parts[1]), let count = Int(parts[2]), count > 0 else {
            return nil
        }
        self.init(seed: seed, count: count)
    }

    public func study(_ index: Int, spec: StudyInputSpec) -> LabelledStudy {
        LabelledStudy(phantom: PhantomGenerator(seed: seed).study(index: index), spec: spec)
    }
}

/// Train and validation by patient, never by study: two studies of one patient on both sides would
/// let the model recognise the patient instead of the finding. Deterministic from the patient ID.
public enum PatientSplit {
    public static func isValidation(patientID: String, fraction: Double) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across runs and machines, unlike Hasher
        for byte in patientID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return Double(hash % 10_000) / 10_000 < fraction
    }
}
