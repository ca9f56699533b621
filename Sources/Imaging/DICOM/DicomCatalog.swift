import Foundation

/// Limits that protect the machine from files it should not try to decode.
public struct ImportLimits: Sendable {
    /// Largest image (rows x columns) that is decoded; CT slices are 512x512.
    public var maxPixelsPerImage: Int
    /// Largest series (voxels) that is loaded as one volume.
    public var maxVoxelsPerSeries: Int

    public init(maxPixelsPerImage: Int = 25_000_000, maxVoxelsPerSeries: Int = 1_500_000_000) {
        self.maxPixelsPerImage = maxPixelsPerImage
        self.maxVoxelsPerSeries = maxVoxelsPerSeries
    }
}

/// A file the import passed over, and why, in words for the operator.
public struct SkippedFile: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { reason.hasPrefix(path) ? reason : "\(path): \(reason)" }
}

/// Everything found under a path: patients → studies → series, plus every
/// file that could not be used. Scanning reads headers only.
public struct DicomCatalog: Sendable {
    public var patients: [Patient]
    public var skipped: [SkippedFile]

    public struct Patient: Sendable {
        public var info: PatientInfo
        public var studies: [Study]
    }

    public struct Study: Sendable {
        public var info: StudyInfo
        public var series: [Series]
    }

    /// Every series in the catalog, in tree order.
    public var allSeries: [Series] { patients.flatMap { $0.studies.flatMap(\.series) } }

    /// Scans a file, a folder tree (recursively) or a DICOMDIR.
    public static func scan(_ path: String, limits: ImportLimits = ImportLimits()) -> DicomCatalog {
        var instances: [DicomInstance] = []
        var skipped: [SkippedFile] = []
        for file in candidateFiles(at: path, skipped: &skipped) {
            do throws(ImagingError) {
                try ensureDicomSignature(file)
                let dicom = try DicomFile(path: file)
                instances.append(try DicomInstance(file: dicom, pixelBudget: limits.maxPixelsPerImage))
            } catch {
                skipped.append(SkippedFile(path: file, reason: error.description))
            }
        }
        return assemble(instances, limits: limits, skipped: skipped)
    }

    /// Files under `path`; a DICOMDIR contributes the files it references.
    static func candidateFiles(at path: String, skipped: inout [SkippedFile]) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            skipped.append(SkippedFile(path: path, reason: "no such file or folder"))
            return []
        }
        if !isDirectory.boolValue {
            guard (path as NSString).lastPathComponent.uppercased() == "DICOMDIR" else { return [path] }
            do {
                let directory = try DicomFile(path: path)
                let base = (path as NSString).deletingLastPathComponent
                return directory.referencedFiles().map { (base as NSString).appendingPathComponent($0) }
            } catch {
                skipped.append(SkippedFile(path: path, reason: error.description))
                return []
            }
        }
        guard let walker = manager.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        for case let relative as String in walker {
            let full = (path as NSString).appendingPathComponent(relative)
            var isDir: ObjCBool = false
            let name = (relative as NSString).lastPathComponent
            // A DICOMDIR inside a walked folder only indexes files the walk finds anyway.
            guard manager.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                  !name.hasPrefix("."), name.uppercased() != "DICOMDIR" else { continue }
            files.append(full)
        }
        return files.sorted()
    }

    /// DCMTK will try to parse anything; a Part 10 preamble ("DICM" at 128), or
    /// a raw dataset that starts with a group 0x0008 tag, is what DICOM looks like.
    static func ensureDicomSignature(_ path: String) throws(ImagingError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .notDicom(path: path, reason: "cannot open the file")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 132)) ?? Data()
        if head.count == 132, head[128..<132].elementsEqual("DICM".utf8) { return }
        if head.count >= 8, head[0] == 0x08, head[1] == 0x00 { return }
        throw .notDicom(path: path, reason: head.isEmpty ? "empty file" : "no DICM preamble")
    }

    /// Groups instances into the tree and sorts each series' slices by position.
    static func assemble(_ instances: [DicomInstance], limits: ImportLimits, skipped: [SkippedFile]) -> DicomCatalog {
        var skipped = skipped
        var bySeries: [String: [DicomInstance]] = [:]
        var seriesOrder: [String] = []
        for instance in instances {
            let key = instance.series.instanceUID
            if bySeries[key] == nil { seriesOrder.append(key) }
            bySeries[key, default: []].append(instance)
        }
        var patients: [Patient] = []
        for key in seriesOrder {
            guard let members = bySeries[key] else { continue }
            let built = Series.assemble(members, limits: limits)
            skipped += built.rejected
            guard let series = built.series else { continue }
            let first = members[0]
            if let p = patients.firstIndex(where: { $0.info.id == first.patient.id && $0.info.name == first.patient.name }) {
                if let s = patients[p].studies.firstIndex(where: { $0.info.instanceUID == first.study.instanceUID }) {
                    patients[p].studies[s].series.append(series)
                } else {
                    patients[p].studies.append(Study(info: first.study, series: [series]))
                }
            } else {
                patients.append(Patient(info: first.patient, studies: [Study(info: first.study, series: [series])]))
            }
        }
        return DicomCatalog(patients: patients, skipped: skipped)
    }
}
