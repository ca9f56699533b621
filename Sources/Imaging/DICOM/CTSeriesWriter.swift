import Foundation

/// Writes a volume as a CT series, one Part 10 file per slice: 16-bit signed
/// stored values with the volume's rescale, fresh SOP instance UIDs, geometry
/// and the usual patient/study/series/image attributes.
public struct CTSeriesWriter: Sendable {
    public var patient: PatientInfo
    public var study: StudyInfo
    public var series: SeriesInfo
    public var window: Window?
    public var syntax: TransferSyntax
    /// A DICOM defined term to convert text to, or nil for UTF-8.
    public var characterSet: String?
    /// Where SOP instance and frame-of-reference UIDs come from.
    public var uids: UIDPolicy

    public enum UIDPolicy: Sendable {
        /// New UIDs on every write: the right thing for real data.
        case fresh
        /// UIDs derived from the series UID (`<series>.1`, `<series>.2`, …), so
        /// that writing the same synthetic series twice gives identical bytes.
        case derivedFromSeries
    }

    public static let ctImageStorage = "1.2.840.10008.5.1.4.1.1.2"

    public init(patient: PatientInfo, study: StudyInfo, series: SeriesInfo, window: Window? = nil,
                syntax: TransferSyntax = .explicitLittleEndian, characterSet: String? = nil, uids: UIDPolicy = .fresh) {
        self.patient = patient
        self.study = study
        self.series = series
        self.window = window
        self.syntax = syntax
        self.characterSet = characterSet
        self.uids = uids
    }

    /// Writes `volume` into `folder` (created if needed) as IM00001.dcm, … and
    /// returns the paths. The volume must hold signed 16-bit stored values.
    @discardableResult
    public func write(_ volume: Volume, to folder: String) throws(ImagingError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder, reason: "\(error.localizedDescription)")
        }
        let g = volume.geometry
        let frameOfReference = uid(0)
        let pixels = g.rows * g.columns
        var paths: [String] = []
        for k in 0..<g.slices {
            let dataset = DicomDataset()
            try setCommonAttributes(dataset, frameOfReference: frameOfReference)
            try dataset.set(.sopInstanceUID, uid(k + 1))
            try dataset.set(.instanceNumber, String(k + 1))
            try dataset.set(.imagePositionPatient, decimals: [g.origins[k].x, g.origins[k].y, g.origins[k].z])
            try dataset.set(.imageOrientationPatient, decimals: [
                g.rowDirection.x, g.rowDirection.y, g.rowDirection.z,
                g.columnDirection.x, g.columnDirection.y, g.columnDirection.z,
            ])
            try dataset.set(.sliceLocation, decimals: [g.origins[k].dot(g.normal)])
            try dataset.set(.pixelSpacing, decimals: [g.rowSpacing, g.columnSpacing])
            try dataset.set(.sliceThickness, decimals: [g.sliceThickness ?? g.sliceSpacing])
            try dataset.set(.spacingBetweenSlices, decimals: [g.sliceSpacing])
            try dataset.set(.rows, uint16: UInt16(g.rows))
            try dataset.set(.columns, uint16: UInt16(g.columns))
            try dataset.set(.samplesPerPixel, uint16: 1)
            try dataset.set(.photometricInterpretation, volume.photometric.rawValue)
            try dataset.set(.bitsAllocated, uint16: 16)
            try dataset.set(.bitsStored, uint16: 16)
            try dataset.set(.highBit, uint16: 15)
            try dataset.set(.pixelRepresentation, uint16: volume.isSigned ? 1 : 0)
            try dataset.set(.rescaleIntercept, decimals: [volume.rescales[k].intercept])
            try dataset.set(.rescaleSlope, decimals: [volume.rescales[k].slope])
            try dataset.set(.rescaleType, "HU")
            if let window = window ?? volume.storedWindow {
                try dataset.set(.windowCenter, decimals: [window.center])
                try dataset.set(.windowWidth, decimals: [window.width])
            }
            try dataset.setPixels(Array(volume.storedValues[k * pixels..<(k + 1) * pixels]))
            let path = (folder as NSString).appendingPathComponent(String(format: "IM%05d.dcm", k + 1))
            try dataset.save(to: path, syntax: syntax, characterSet: characterSet)
            paths.append(path)
        }
        return paths
    }

    /// UID number `n` of this series (0 is the frame of reference).
    private func uid(_ n: Int) -> String {
        switch uids {
        case .fresh: DicomDataset.newUID()
        case .derivedFromSeries: "\(series.instanceUID).\(n)"
        }
    }

    private func setCommonAttributes(_ d: DicomDataset, frameOfReference: String) throws(ImagingError) {
        try d.set(.specificCharacterSet, "ISO_IR 192")
        try d.set(.imageType, series.isSynthetic ? "DERIVED\\SECONDARY\\AXIAL" : "ORIGINAL\\PRIMARY\\AXIAL")
        try d.set(.sopClassUID, Self.ctImageStorage)
        try d.set(.modality, series.modality)
        try d.set(.manufacturer, series.isSynthetic ? DicomInstance.syntheticManufacturer : "Lightbox")
        try d.set(.patientName, patient.name)
        try d.set(.patientID, patient.id)
        if let v = patient.birthDate { try d.set(.patientBirthDate, v) }
        if let v = patient.sex { try d.set(.patientSex, v) }
        try d.set(.studyInstanceUID, study.instanceUID)
        if let v = study.date { try d.set(.studyDate, v) }
        if let v = study.time { try d.set(.studyTime, v) }
        if let v = study.accessionNumber { try d.set(.accessionNumber, v) }
        if let v = study.description { try d.set(.studyDescription, v) }
        if let v = study.id { try d.set(.studyID, v) }
        try d.set(.seriesInstanceUID, series.instanceUID)
        try d.set(.seriesNumber, String(series.number ?? 1))
        if let v = series.description { try d.set(.seriesDescription, v) }
        try d.set(.frameOfReferenceUID, frameOfReference)
        try d.set(.referringPhysicianName, "")
    }
}
