import Foundation
import Imaging
import LightboxTestSupport

/// A small signed volume whose every voxel is different, so any reordering,
/// byte swap or rescale error shows up as a mismatch.
func patternVolume(columns: Int = 24, rows: Int = 20, slices: Int = 5, spacing: Double = 2.5,
                   rescale: Rescale = Rescale(slope: 1, intercept: -1024),
                   photometric: PhotometricInterpretation = .monochrome2) -> Volume {
    var stored: [UInt16] = []
    for z in 0..<slices {
        for y in 0..<rows {
            for x in 0..<columns {
                let value = Int16((x * 37 + y * 101 + z * 997) % 4000 - 500)
                stored.append(UInt16(bitPattern: value))
            }
        }
    }
    // Slice 0 is the most superior, the order the reader returns for axial series.
    let origins = (0..<slices).map { Vector3(-100, -80, 30 - Double($0) * spacing) }
    let geometry = VolumeGeometry(columns: columns, rows: rows, slices: slices, rowSpacing: 0.7, columnSpacing: 0.8,
                                  origins: origins, sliceThickness: spacing)
    return Volume(geometry: geometry, storedValues: stored, isSigned: true,
                  rescales: Array(repeating: rescale, count: slices), photometric: photometric)
}

func testWriter(patientName: String = "Doe^Jane", patientID: String = "P001", characterSet: String? = nil,
                syntax: TransferSyntax = .explicitLittleEndian, seriesUID: String = DicomDataset.newUID()) -> CTSeriesWriter {
    CTSeriesWriter(patient: PatientInfo(id: patientID, name: patientName, birthDate: "19600101", sex: "F"),
                   study: StudyInfo(instanceUID: DicomDataset.newUID(), date: "20260101", accessionNumber: "ACC1",
                                    description: "CT CHEST"),
                   series: SeriesInfo(instanceUID: seriesUID, number: 2, modality: "CT", description: "Axial 2.5"),
                   window: Window(center: -600, width: 1500), syntax: syntax, characterSet: characterSet)
}

/// All HU values of a volume, slice by slice, exactly (Double).
func huValues(_ volume: Volume) -> [Double] {
    let g = volume.geometry
    var values: [Double] = []
    for z in 0..<g.slices { for y in 0..<g.rows { for x in 0..<g.columns {
        values.append(volume.value(column: x, row: y, slice: z))
    } } }
    return values
}

/// Runs a DCMTK command-line tool; returns its exit status and output.
@discardableResult
func runTool(_ tool: String, _ arguments: [String]) -> (status: Int32, output: String) {
    let result = runProcess(tool, arguments)
    return (result.status, result.output)
}

/// The only series of a scan, or nil.
func onlySeries(_ catalog: DicomCatalog) -> Series? {
    let all = catalog.allSeries
    return all.count == 1 ? all[0] : nil
}

/// The attributes every image needs (UIDs, modality, the image pixel module)
/// for hand-built files; the caller adds pixels and anything special.
func imageDataset(rows: Int, columns: Int, bitsAllocated: UInt16 = 16, bitsStored: UInt16 = 16, signed: Bool,
                  modality: String = "CT", sopClass: String = CTSeriesWriter.ctImageStorage) throws -> DicomDataset {
    let d = DicomDataset()
    try d.set(.sopClassUID, sopClass)
    try d.set(.sopInstanceUID, DicomDataset.newUID())
    try d.set(.studyInstanceUID, DicomDataset.newUID())
    try d.set(.seriesInstanceUID, DicomDataset.newUID())
    try d.set(.modality, modality)
    try d.set(.patientID, "P\(bitsStored)")
    try d.set(.rows, uint16: UInt16(rows))
    try d.set(.columns, uint16: UInt16(columns))
    try d.set(.samplesPerPixel, uint16: 1)
    try d.set(.photometricInterpretation, "MONOCHROME2")
    try d.set(.bitsAllocated, uint16: bitsAllocated)
    try d.set(.bitsStored, uint16: bitsStored)
    try d.set(.highBit, uint16: bitsStored - 1)
    try d.set(.pixelRepresentation, uint16: signed ? 1 : 0)
    return d
}
