import Foundation
import Imaging
import Phantom

/// Import of a 300-slice 512x512 CT series: scan (headers), load (decode in
/// parallel), slices per second, and peak memory against the raw 16-bit size.
enum ImportBenchmark {
    static let sliceCount = 300

    static func run() {
        let folder = NSTemporaryDirectory() + "lightbox-bench-import"
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        writeSeries(to: folder)

        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--import-child", folder]
        let pipe = Pipe()
        child.standardOutput = pipe
        let start = DispatchTime.now().uptimeNanoseconds
        try! child.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024
        let rawMB = Double(sliceCount * 512 * 512 * 2) / 1_048_576
        print("## Importing a \(sliceCount)-slice 512x512 series (\(formatted(rawMB, 0)) MiB of 16-bit pixels)\n")
        print("| step | figure |\n|---|---|")
        // The child reports: scan ms, load ms, resident KiB before loading the pixels.
        let figures = report.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let baseMB = figures[2] / 1024
        print("| whole import in a fresh process (start, scan, load) | \(formatted(seconds, 2)) s |")
        print("| scan (headers of 300 files) | \(formatted(figures[0], 0)) ms |")
        print("| load (decode into one volume, both cores) | \(formatted(figures[1], 0)) ms |")
        print("| slices per second | \(formatted(Double(sliceCount) / seconds, 0)) |")
        print("| peak resident memory of that process | \(formatted(peakMB, 0)) MiB (\(formatted(peakMB / rawMB, 2))x the raw size) |")
        print("| of which the study (peak less the process before loading) | \(formatted(peakMB - baseMB, 0)) MiB (\(formatted((peakMB - baseMB) / rawMB, 2))x the raw size) |")
        print("")
    }

    /// Phantom slices cycled to 300, 1 mm apart.
    private static func writeSeries(to folder: String) {
        let study = PhantomGenerator(seed: 2026).study(index: 1)
        var stored: [UInt16] = []
        stored.reserveCapacity(sliceCount * 512 * 512)
        for k in 0..<sliceCount {
            stored += study.renderSlice(k % study.sliceCount).map { UInt16(bitPattern: $0 &+ 1024) }
        }
        let fov = study.pixelSpacingMM * 512
        let origins = (0..<sliceCount).map { Vector3(-fov / 2, -fov / 2, -Double($0)) }
        let geometry = VolumeGeometry(columns: 512, rows: 512, slices: sliceCount, rowSpacing: study.pixelSpacingMM,
                                      columnSpacing: study.pixelSpacingMM, origins: origins, sliceThickness: 1)
        let volume = Volume(geometry: geometry, storedValues: stored, isSigned: true,
                            rescales: Array(repeating: Rescale(slope: 1, intercept: -1024), count: sliceCount))
        let writer = CTSeriesWriter(patient: PatientInfo(id: "BENCH", name: "Bench^Mark"),
                                    study: StudyInfo(instanceUID: DicomDataset.newUID()),
                                    series: SeriesInfo(instanceUID: DicomDataset.newUID(), modality: "CT",
                                                       description: "SYNTHETIC benchmark", isSynthetic: true))
        try! writer.write(volume, to: folder)
    }

    static func importOnce(folder: String) {
        let start = DispatchTime.now().uptimeNanoseconds
        let catalog = DicomCatalog.scan(folder)
        let scanned = DispatchTime.now().uptimeNanoseconds
        let residentBeforeLoad = residentKiB()
        let volume = try! catalog.allSeries[0].loadVolume()
        let loaded = DispatchTime.now().uptimeNanoseconds
        precondition(volume.sliceCount == sliceCount)
        print(Double(scanned - start) / 1e6, Double(loaded - scanned) / 1e6, residentBeforeLoad)
    }
}

/// VmRSS of this process in KiB, from /proc.
private func residentKiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}
