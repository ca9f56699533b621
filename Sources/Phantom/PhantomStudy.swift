/// One synthetic chest-CT study: geometry, ground truth, patient, report, and pixels on demand.
public struct PhantomStudy: Sendable {
    public let index: Int
    public let seed: UInt64
    public let label: PhantomLabel
    /// Lesions that show on the scanned slices; the one that decides the label comes first.
    public let lesions: [PhantomLesion]
    /// What the history says about earlier imaging (part of the ground truth: it decides the label
    /// of 6–10 mm nodules).
    public let prior: PriorComparison
    /// The slice with the largest lesion cross-section; the middle slice when there is no lesion.
    public let keySlice: Int
    public let patient: PhantomPatient
    public let studyInfo: PhantomStudyInfo
    public let report: PhantomReport
    let geometry: ScanGeometry
    let anatomy: Anatomy
    private let lazyScene: LazyScene

    public static let nativeMatrix = ScanGeometry.nativeMatrix
    /// Phantom studies are never patient data; DICOM writers must say so.
    public var isSynthetic: Bool { true }
    public static let seriesDescription = "SYNTHETIC PHANTOM — not for clinical use"

    init(seed: UInt64, index: Int) {
        self.seed = seed
        self.index = index
        let study = UInt64(index)
        var planRNG = PhantomRNG(seed: deriveSeed(seed, study, Stream.plan.rawValue))
        var anatomyRNG = PhantomRNG(seed: deriveSeed(seed, study, Stream.anatomy.rawValue))
        var findingsRNG = PhantomRNG(seed: deriveSeed(seed, study, Stream.findings.rawValue))
        var reportRNG = PhantomRNG(seed: deriveSeed(seed, study, Stream.report.rawValue))

        let label = LabelSchedule.label(seed: seed, index: index, rng: &planRNG)
        let anatomy = Anatomy(rng: &anatomyRNG)
        let plan = FindingPlan(label: label, anatomy: anatomy, rng: &findingsRNG)
        assert(plan.ruleLabel == label, "findings contradict the label rule")
        let focus = plan.lesions.first.map { ($0.centre.z - $0.radius)...($0.centre.z + $0.radius) }
        let geometry = ScanGeometry(habitus: anatomy.habitus, focus: focus, rng: &planRNG)
        let lesions = plan.lesions.compactMap { PhantomLesion($0, geometry: geometry) }

        self.label = label
        self.lesions = lesions
        self.prior = plan.prior
        self.geometry = geometry
        self.anatomy = anatomy
        keySlice = lesions.keySlice(sliceCount: geometry.slicePositionsMM.count)

        let people = PatientPlan(seed: seed, index: index, label: label)
        patient = people.patient
        studyInfo = people.info
        let story = ClinicalStory(label: label, lesions: lesions, prior: plan.prior, studyYear: people.studyYear, rng: &reportRNG)
        report = PhantomReport(story: story, patient: people.patient, language: people.language,
                               studyYear: people.studyYear, rng: &reportRNG)
        let vesselSeed = deriveSeed(seed, study, Stream.vessels.rawValue)
        lazyScene = LazyScene { [lesions] in
            var rng = PhantomRNG(seed: vesselSeed)
            return Scene(anatomy: anatomy, vessels: AirwaysAndVessels(anatomy, rng: &rng), lesions: lesions.map(\.shape))
        }
    }

    // MARK: Geometry, for writing DICOM

    public var sliceCount: Int { geometry.slicePositionsMM.count }
    /// z of each slice in mm, slice 0 the most superior; z grows toward the head.
    public var slicePositionsMM: [Double] { geometry.slicePositionsMM }
    public var sliceSpacingMM: Double { geometry.sliceSpacingMM }
    /// Equal to the slice spacing.
    public var sliceThicknessMM: Double { geometry.sliceSpacingMM }
    /// Pixel spacing of the native 512 matrix (square pixels).
    public var pixelSpacingMM: Double { geometry.pixelSpacingMM }
    public var fieldOfViewMM: Double { geometry.fieldOfViewMM }
    /// Noise sigma of a native 512 render; a render at matrix m has `noiseSigmaHU * m / 512`.
    public var noiseSigmaHU: Double { geometry.noiseSigmaHU }

    // MARK: Pixels

    /// Slice `k` in HU (−1024…3071), row-major `matrix` x `matrix`, anterior at the top and the
    /// patient's right on the left. Any matrix size shows the same field of view: a coarse render
    /// approximates the area average of the native one, noise included (averaging n x n pixels
    /// divides sigma by n, so sigma is `noiseSigmaHU * matrix / 512`). Noise is seeded by study,
    /// slice and matrix, so repeated calls agree.
    public func renderSlice(_ k: Int, matrix: Int = PhantomStudy.nativeMatrix, noise: Bool = true) -> [Int16] {
        precondition(sliceCount > k && k >= 0 && matrix > 0, "slice or matrix out of range")
        let hu = lazyScene.scene.render(geometry.grid(slice: k, matrix: matrix))
        guard noise else { return hu.map(quantized) }
        var rng = PhantomRNG(seed: deriveSeed(seed, UInt64(index), Stream.noise.rawValue, UInt64(k), UInt64(matrix)))
        let sigma = Float(noiseSigmaHU * Double(matrix) / Double(Self.nativeMatrix))
        return hu.map { quantized($0 + sigma * rng.fastGaussian()) }
    }

    /// 1 where a lesion covers at least half a pixel, 0 elsewhere, row-major `matrix` x `matrix`;
    /// nil when no lesion touches slice `k`.
    public func lesionMask(slice k: Int, matrix: Int = PhantomStudy.nativeMatrix) -> [UInt8]? {
        lesions.mask(on: geometry, slice: k, matrix: matrix)
    }

    /// Row-major `matrix` x `matrix`: the class of the lesion under each pixel, judged alone with this
    /// study's history (a calcified extra in a suspicious study is benign), `.normal` elsewhere; nil
    /// when no lesion touches slice `k`. What a model that localises findings is trained against.
    /// With `history`, the lesions are judged as if the report said that instead: what the image alone
    /// cannot tell is where the labels under different histories differ.
    public func lesionLabels(slice k: Int, matrix: Int = PhantomStudy.nativeMatrix,
                             history: PriorComparison? = nil) -> [PhantomLabel]? {
        lesions.labelMap(on: geometry, slice: k, matrix: matrix, prior: history ?? prior)
    }
}

@inline(__always)
private func quantized(_ hu: Float) -> Int16 {
    Int16(min(max(hu.rounded(), -1024), 3071))
}
