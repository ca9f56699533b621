import Imaging
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
    /// For each of `input.sliceIndices`, each pixel's lesion class at the model's matrix (an index into
    /// `PhantomLabel.allCases`, 0 = normal = no lesion), nil when no lesion is on the slice: where a
    /// heatmap should point, and what a model that localises is trained against. Nil as a whole when
    /// nobody outlined the lesions (a reviewed case from the store).
    public let lesionLabels: [[UInt8]?]?
    /// The diameter of the study's largest lesion in millimetres (a bounding diameter for patches,
    /// clusters and fluid); nil without a lesion or when nobody outlined them. Figures by lesion size
    /// show what the overall figure hides: how the model fares on the small ones.
    public let largestLesionMM: Double?

    /// 1 on lesions, per slice: what the pointing game checks a heatmap against.
    public var lesionMasks: [[UInt8]?]? {
        lesionLabels?.map { $0?.map { $0 == 0 ? 0 : 1 } }
    }
}

extension LabelledStudy {
    public static let labels = PhantomLabel.allCases.map(\.rawValue)

    /// A phantom study rendered directly at the model's resolution: thousands of 512x512 DICOM studies
    /// would not fit on disk, and the phantom renders the area average of its native matrix at any size.
    /// `slices` picks which slices (the study's own numbers, ascending); by default the spec's spread.
    public init(phantom study: PhantomStudy, spec: StudyInputSpec, slices: [Int]? = nil) {
        let input = StudyInput(spec: spec, sliceIndices: slices ?? spec.sliceIndices(of: study.sliceCount),
                               sliceCount: study.sliceCount, sliceSpacingMM: study.sliceSpacingMM,
                               pixelSpacingMM: study.fieldOfViewMM / Double(spec.matrix)) { k in
            study.renderSlice(k, matrix: spec.matrix).map(Float.init)
        }
        let classes = PhantomLabel.allCases
        self.init(patientID: study.patient.id, accession: study.studyInfo.accessionNumber, input: input,
                  report: study.report.text, label: classes.firstIndex(of: study.label)!,
                  lesionLabels: input.sliceIndices.map { k in
                      study.lesionLabels(slice: k, matrix: spec.matrix).map { $0.map { UInt8(classes.firstIndex(of: $0)!) } }
                  }, largestLesionMM: study.lesions.map(\.diameterMM).max())
    }

    /// A study read from DICOM with the label a human gave it; its lesions are not outlined.
    public init(volume: Volume, report: String, label: Int, spec: StudyInputSpec, accession: String) {
        self.init(patientID: "", accession: accession, input: StudyInput(volume: volume, spec: spec), report: report,
                  label: label, lesionLabels: nil, largestLesionMM: nil)
    }

    /// The slices a training step shows of `study`: up to `lesionSlices` of the slices its lesions are
    /// on, the rest at random, `count` in all (fewer when the study is shorter), ascending. Evenly spread
    /// slices would step over a 3 mm nodule on most studies and teach the image branch that nodules
    /// do not show; a few random slices per step are also several times cheaper than all of them, and
    /// a new draw each epoch shows the model other slices of the same study.
    ///
    /// With `hardest`, the first of the clear slices are mined: of `hardest.candidates` clear slices
    /// drawn at random, the `hardest.count` that `hardest.score` (given them ascending, one score each)
    /// rates highest, then the other candidates in their random order. Random clear slices are seldom
    /// the few that fool the model (the top of an organ's dome cut like a nodule); these are.
    public static func trainingSlices(of study: PhantomStudy, count: Int, lesionSlices: Int,
                                      hardest: (count: Int, candidates: Int, score: ([Int]) -> [Float])? = nil,
                                      using random: inout some RandomNumberGenerator) -> [Int] {
        let onLesions = Set(study.lesions.flatMap { $0.circles.map(\.slice) })
        // Sorted before the seeded shuffle: a Set's order changes from one process to the next (Swift
        // seeds its hashing per process), and with it which lesion slices a seed picks.
        var chosen = Array(onLesions.sorted().shuffled(using: &random).prefix(lesionSlices))
        var others = (0..<study.sliceCount).filter { !onLesions.contains($0) }.shuffled(using: &random)
        // A study with a lesion on every slice (emphysema can reach them all) leaves nothing to score.
        if let hardest, hardest.count > 0, case let candidates = others.prefix(hardest.candidates), !candidates.isEmpty {
            let ascending = candidates.sorted(), scores = hardest.score(ascending)
            let ranked = ascending.indices.sorted { scores[$0] > scores[$1] }.prefix(hardest.count).map { ascending[$0] }
            others = ranked + candidates.filter { !ranked.contains($0) }
        }
        chosen += others.prefix(max(0, count - chosen.count))
        return chosen.sorted()
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
        Double(StableHash.fnv1a(patientID.utf8) % 10_000) / 10_000 < fraction
    }
}

/// FNV-1a, 64 bits: the same on every run and machine, unlike `Hasher`, for anything decided or named
/// by a hash that must come out the same next time.
public enum StableHash {
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
