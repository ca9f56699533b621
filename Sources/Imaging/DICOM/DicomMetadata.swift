/// Who the images belong to. Names are UTF-8, converted from the file's
/// SpecificCharacterSet; DICOM's `^` component separators are kept.
public struct PatientInfo: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var birthDate: String?
    public var sex: String?

    public init(id: String, name: String, birthDate: String? = nil, sex: String? = nil) {
        self.id = id
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
    }
}

public struct StudyInfo: Hashable, Sendable, Codable {
    public var instanceUID: String
    public var date: String?
    public var time: String?
    public var accessionNumber: String?
    public var description: String?
    public var id: String?

    public init(instanceUID: String, date: String? = nil, time: String? = nil,
                accessionNumber: String? = nil, description: String? = nil, id: String? = nil) {
        self.instanceUID = instanceUID
        self.date = date
        self.time = time
        self.accessionNumber = accessionNumber
        self.description = description
        self.id = id
    }
}

public struct SeriesInfo: Hashable, Sendable, Codable {
    public var instanceUID: String
    public var number: Int?
    public var modality: String
    public var description: String?
    /// True for Lightbox's own phantom studies, so every screen can say so.
    public var isSynthetic: Bool

    public init(instanceUID: String, number: Int? = nil, modality: String, description: String? = nil,
                isSynthetic: Bool = false) {
        self.instanceUID = instanceUID
        self.number = number
        self.modality = modality
        self.description = description
        self.isSynthetic = isSynthetic
    }
}

/// How stored pixel values become display grey (PS3.3 C.7.6.3.1.2).
public enum PhotometricInterpretation: String, Sendable, Codable {
    /// The lowest value is displayed black.
    case monochrome2 = "MONOCHROME2"
    /// The lowest value is displayed white: windowing inverts.
    case monochrome1 = "MONOCHROME1"
}

/// A window (VOI) as stored in a file or chosen by the user.
public struct Window: Hashable, Sendable, Codable, CustomStringConvertible {
    public var center: Double
    public var width: Double

    public init(center: Double, width: Double) {
        self.center = center
        self.width = width
    }

    public var description: String { "W\(Self.format(width)) L\(Self.format(center))" }

    /// A number as people write it: no ".0" on whole numbers, two decimals at most.
    public static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format2: v)
    }
}

extension String {
    init(format2 value: Double) {
        let scaled = (value * 100).rounded() / 100
        self = "\(scaled)"
    }
}
