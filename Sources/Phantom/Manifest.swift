import Foundation

/// One line of a JSONL manifest: everything an importer or a trainer needs besides the pixels,
/// which `PhantomGenerator(seed:).study(index:)` re-creates exactly.
public struct PhantomManifestEntry: Sendable, Codable, Equatable {
    public struct Lesion: Sendable, Codable, Equatable {
        public let kind: LesionKind
        public let lobe: Lobe
        public let centreMM: Point3D
        public let centreVoxel: VoxelPoint
        public let radiusMM: Double
        public let firstSlice: Int
        public let lastSlice: Int
        public let circles: [SliceCircle]
    }

    public let index: Int
    public let seed: UInt64
    public let synthetic: Bool
    public let patientID: String
    public let patientName: String
    public let sex: PatientSex
    public let birthDate: String
    public let age: Int
    public let accessionNumber: String
    public let studyDate: String
    public let studyInstanceUID: String
    public let seriesInstanceUID: String
    public let label: PhantomLabel
    public let prior: PriorComparison
    public let keySlice: Int
    public let sliceCount: Int
    /// z of slice 0, the most superior; later slices step down by `sliceSpacingMM`.
    public let firstSlicePositionMM: Double
    public let sliceSpacingMM: Double
    public let sliceThicknessMM: Double
    public let pixelSpacingMM: Double
    public let matrix: Int
    public let noiseSigmaHU: Double
    public let language: ReportLanguage
    public let report: String
    public let lesions: [Lesion]
}

extension PhantomStudy {
    public var manifestEntry: PhantomManifestEntry {
        PhantomManifestEntry(
            index: index, seed: seed, synthetic: isSynthetic,
            patientID: patient.id, patientName: patient.name, sex: patient.sex, birthDate: patient.birthDate,
            age: patient.age, accessionNumber: studyInfo.accessionNumber, studyDate: studyInfo.studyDate,
            studyInstanceUID: studyInfo.studyInstanceUID, seriesInstanceUID: studyInfo.seriesInstanceUID,
            label: label, prior: prior, keySlice: keySlice, sliceCount: sliceCount,
            firstSlicePositionMM: slicePositionsMM[0], sliceSpacingMM: sliceSpacingMM,
            sliceThicknessMM: sliceThicknessMM, pixelSpacingMM: pixelSpacingMM, matrix: Self.nativeMatrix,
            noiseSigmaHU: noiseSigmaHU, language: report.language, report: report.text,
            lesions: lesions.map {
                PhantomManifestEntry.Lesion(kind: $0.kind, lobe: $0.lobe, centreMM: $0.centreMM, centreVoxel: $0.centreVoxel,
                                            radiusMM: $0.radiusMM, firstSlice: $0.sliceRange.lowerBound,
                                            lastSlice: $0.sliceRange.upperBound, circles: $0.circles)
            })
    }
}

/// Writes manifests as JSON Lines: one object per study, keys sorted, UTF-8, so the same studies
/// always give the same bytes.
public enum PhantomManifest {
    public static func jsonLines(_ studies: [PhantomStudy]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for study in studies {
            data.append(try encoder.encode(study.manifestEntry))
            data.append(0x0A)
        }
        return data
    }

    public static func write(_ studies: [PhantomStudy], to url: URL) throws {
        try jsonLines(studies).write(to: url, options: .atomic)
    }

    /// Reads entries back, one per non-empty line.
    public static func entries(from data: Data) throws -> [PhantomManifestEntry] {
        let decoder = JSONDecoder()
        return try data.split(separator: 0x0A).map { try decoder.decode(PhantomManifestEntry.self, from: Data($0)) }
    }
}
