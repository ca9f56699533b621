/// A DICOM attribute tag (group, element).
public struct DicomTag: Hashable, Sendable, CustomStringConvertible {
    public let group: UInt16
    public let element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    public var description: String {
        func hex(_ v: UInt16) -> String {
            let s = String(v, radix: 16, uppercase: true)
            return String(repeating: "0", count: 4 - s.count) + s
        }
        return "(\(hex(group)),\(hex(element)))"
    }
}

/// The attributes Lightbox reads and writes, by their standard keywords.
extension DicomTag {
    public static let specificCharacterSet = DicomTag(0x0008, 0x0005)
    public static let imageType = DicomTag(0x0008, 0x0008)
    public static let sopClassUID = DicomTag(0x0008, 0x0016)
    public static let sopInstanceUID = DicomTag(0x0008, 0x0018)
    public static let studyDate = DicomTag(0x0008, 0x0020)
    public static let studyTime = DicomTag(0x0008, 0x0030)
    public static let accessionNumber = DicomTag(0x0008, 0x0050)
    public static let modality = DicomTag(0x0008, 0x0060)
    public static let manufacturer = DicomTag(0x0008, 0x0070)
    public static let referringPhysicianName = DicomTag(0x0008, 0x0090)
    public static let studyDescription = DicomTag(0x0008, 0x1030)
    public static let seriesDescription = DicomTag(0x0008, 0x103E)
    public static let patientName = DicomTag(0x0010, 0x0010)
    public static let patientID = DicomTag(0x0010, 0x0020)
    public static let patientBirthDate = DicomTag(0x0010, 0x0030)
    public static let patientSex = DicomTag(0x0010, 0x0040)
    public static let patientAge = DicomTag(0x0010, 0x1010)
    public static let sliceThickness = DicomTag(0x0018, 0x0050)
    public static let spacingBetweenSlices = DicomTag(0x0018, 0x0088)
    public static let studyInstanceUID = DicomTag(0x0020, 0x000D)
    public static let seriesInstanceUID = DicomTag(0x0020, 0x000E)
    public static let studyID = DicomTag(0x0020, 0x0010)
    public static let seriesNumber = DicomTag(0x0020, 0x0011)
    public static let instanceNumber = DicomTag(0x0020, 0x0013)
    public static let imagePositionPatient = DicomTag(0x0020, 0x0032)
    public static let imageOrientationPatient = DicomTag(0x0020, 0x0037)
    public static let frameOfReferenceUID = DicomTag(0x0020, 0x0052)
    public static let sliceLocation = DicomTag(0x0020, 0x1041)
    public static let samplesPerPixel = DicomTag(0x0028, 0x0002)
    public static let photometricInterpretation = DicomTag(0x0028, 0x0004)
    public static let numberOfFrames = DicomTag(0x0028, 0x0008)
    public static let rows = DicomTag(0x0028, 0x0010)
    public static let columns = DicomTag(0x0028, 0x0011)
    public static let pixelSpacing = DicomTag(0x0028, 0x0030)
    public static let bitsAllocated = DicomTag(0x0028, 0x0100)
    public static let bitsStored = DicomTag(0x0028, 0x0101)
    public static let highBit = DicomTag(0x0028, 0x0102)
    public static let pixelRepresentation = DicomTag(0x0028, 0x0103)
    public static let windowCenter = DicomTag(0x0028, 0x1050)
    public static let windowWidth = DicomTag(0x0028, 0x1051)
    public static let rescaleIntercept = DicomTag(0x0028, 0x1052)
    public static let rescaleSlope = DicomTag(0x0028, 0x1053)
    public static let rescaleType = DicomTag(0x0028, 0x1054)
}
