import Foundation
import Imaging
import Phantom

extension PhantomStudy {
    /// The study rendered at `matrix` as a volume: stored value = HU + 1024
    /// (rescale slope 1, intercept −1024), slice 0 the most superior, axial
    /// orientation with the patient's left to the image right.
    public func volume(matrix: Int = PhantomStudy.nativeMatrix) -> Volume {
        let spacing = fieldOfViewMM / Double(matrix)
        // DICOM positions are pixel centres: the first sits half a pixel inside the field of view.
        let corner = -fieldOfViewMM / 2 + spacing / 2
        let origins = slicePositionsMM.map { Vector3(corner, corner, $0) }
        let geometry = VolumeGeometry(columns: matrix, rows: matrix, slices: sliceCount, rowSpacing: spacing,
                                      columnSpacing: spacing, origins: origins, sliceThickness: sliceThicknessMM)
        var stored: [UInt16] = []
        stored.reserveCapacity(matrix * matrix * sliceCount)
        for k in 0..<sliceCount {
            stored += renderSlice(k, matrix: matrix).map { UInt16(bitPattern: $0 &+ 1024) }
        }
        return Volume(geometry: geometry, storedValues: stored, isSigned: true,
                      rescales: Array(repeating: Rescale(slope: 1, intercept: -1024), count: sliceCount),
                      storedWindow: WindowPresets.standard.window(named: "lung"))
    }

    /// A writer for this study's series: its own patient and UIDs, marked as
    /// synthetic, with UIDs derived from the series so the bytes are the same
    /// on every run.
    public var seriesWriter: CTSeriesWriter {
        CTSeriesWriter(
            patient: PatientInfo(id: patient.id, name: patient.name, birthDate: patient.birthDate,
                                 sex: patient.sex.rawValue),
            study: StudyInfo(instanceUID: studyInfo.studyInstanceUID, date: studyInfo.studyDate, time: "090000",
                             accessionNumber: studyInfo.accessionNumber, description: studyInfo.studyDescription,
                             id: String(index + 1)),
            series: SeriesInfo(instanceUID: studyInfo.seriesInstanceUID, number: 2, modality: "CT",
                               description: studyInfo.seriesDescription, isSynthetic: true),
            uids: .derivedFromSeries)
    }
}
