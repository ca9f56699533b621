/// The header facts of one DICOM file that an image series needs; no pixels.
struct DicomInstance: Sendable {
    var path: String
    var patient: PatientInfo
    var study: StudyInfo
    var series: SeriesInfo
    var sopInstanceUID: String
    var instanceNumber: Int?
    var rows: Int
    var columns: Int
    var frames: Int
    /// Millimetres between the centres of adjacent rows, and of adjacent columns.
    var pixelSpacing: (row: Double, column: Double)?
    var imagePosition: Vector3?
    var imageOrientation: (row: Vector3, column: Vector3)?
    var sliceThickness: Double?
    var spacingBetweenSlices: Double?
    var rescale: Rescale
    var window: Window?
    var photometric: PhotometricInterpretation
    var isSigned: Bool
    var transferSyntaxUID: String

    static let syntheticManufacturer = "Lightbox synthetic phantom"

    /// Reads the header of `file`. Checks here, before any pixel is decoded,
    /// what would make the file unusable: no pixels, colour, size over budget.
    init(file: DicomFile, pixelBudget: Int) throws(ImagingError) {
        let path = file.path
        guard file.hasPixelData else {
            throw .notAnImage(path: path, sopClass: file.string(.sopClassUID) ?? "unknown")
        }
        try file.ensureDecodable()
        guard let rows = file.number(.rows).map(Int.init), let columns = file.number(.columns).map(Int.init),
              rows > 0, columns > 0 else {
            throw .undecodable(path: path, reason: "missing or zero Rows/Columns")
        }
        let frames = max(1, Int(file.number(.numberOfFrames) ?? 1))
        let pixels = rows * columns
        if pixels > pixelBudget {
            throw .overBudget(path: path, pixels: pixels, budget: pixelBudget)
        }
        let photometricText = file.string(.photometricInterpretation) ?? "MONOCHROME2"
        guard let photometric = PhotometricInterpretation(rawValue: photometricText) else {
            throw .undecodable(path: path, reason: "unsupported photometric interpretation \(photometricText) (expected MONOCHROME1 or MONOCHROME2)")
        }
        let bitsAllocated = Int(file.number(.bitsAllocated) ?? 16)
        guard bitsAllocated == 8 || bitsAllocated == 16 else {
            throw .undecodable(path: path, reason: "unsupported BitsAllocated \(bitsAllocated) (expected 8 or 16)")
        }

        self.path = path
        patient = PatientInfo(id: file.string(.patientID) ?? "", name: file.string(.patientName) ?? "",
                              birthDate: file.string(.patientBirthDate), sex: file.string(.patientSex))
        study = StudyInfo(instanceUID: file.string(.studyInstanceUID) ?? "", date: file.string(.studyDate),
                          time: file.string(.studyTime), accessionNumber: file.string(.accessionNumber),
                          description: file.string(.studyDescription), id: file.string(.studyID))
        let description = file.string(.seriesDescription)
        let synthetic = file.string(.manufacturer) == Self.syntheticManufacturer
            || (description?.uppercased().contains("SYNTHETIC") ?? false)
        series = SeriesInfo(instanceUID: file.string(.seriesInstanceUID) ?? "",
                            number: file.number(.seriesNumber).map(Int.init),
                            modality: file.string(.modality) ?? "OT", description: description,
                            isSynthetic: synthetic)
        sopInstanceUID = file.string(.sopInstanceUID) ?? path
        instanceNumber = file.number(.instanceNumber).map(Int.init)
        self.rows = rows
        self.columns = columns
        self.frames = frames
        if let spacing = file.numbers(.pixelSpacing, count: 2), spacing[0] > 0, spacing[1] > 0 {
            pixelSpacing = (spacing[0], spacing[1])
        }
        if let p = file.numbers(.imagePositionPatient, count: 3) { imagePosition = Vector3(p[0], p[1], p[2]) }
        if let o = file.numbers(.imageOrientationPatient, count: 6) {
            imageOrientation = (Vector3(o[0], o[1], o[2]), Vector3(o[3], o[4], o[5]))
        }
        sliceThickness = file.number(.sliceThickness)
        spacingBetweenSlices = file.number(.spacingBetweenSlices)
        rescale = Rescale(slope: file.number(.rescaleSlope) ?? 1, intercept: file.number(.rescaleIntercept) ?? 0)
        if let center = file.number(.windowCenter), let width = file.number(.windowWidth), width >= 1 {
            window = Window(center: center, width: width)
        }
        self.photometric = photometric
        isSigned = file.number(.pixelRepresentation) == 1
        transferSyntaxUID = file.transferSyntaxUID
    }
}

/// The Modality LUT as a linear function: output = stored * slope + intercept
/// (Hounsfield units for CT). Kept in Double so fractional slopes stay exact.
public struct Rescale: Hashable, Sendable, Codable {
    public var slope: Double
    public var intercept: Double

    public init(slope: Double, intercept: Double) {
        self.slope = slope
        self.intercept = intercept
    }

    public static let identity = Rescale(slope: 1, intercept: 0)

    @inline(__always)
    public func apply(_ stored: Double) -> Double { stored * slope + intercept }
}
