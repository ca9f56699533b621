import Foundation
import Imaging
import LightboxTestSupport
import Phantom
import PhantomDICOM
import Testing
@testable import ModelData

@Suite("Model input")
struct StudyInputTests {
    /// What the model sees in training (the phantom rendered at 128) must be what it sees at review time
    /// (the same study as 512x512 DICOM, read and downsampled by the product's own path).
    @Test func directRenderMatchesTheDICOMPathWithinNoise() throws {
        let study = PhantomGenerator(seed: 41).study(index: 2)
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        try study.seriesWriter.write(study.volume(), to: folder)
        let catalog = DicomCatalog.scan(folder)
        let volume = try catalog.patients[0].studies[0].series[0].loadVolume()
        let spec = StudyInputSpec(maxSlices: 12)
        let viaDICOM = StudyInput(volume: volume, spec: spec)
        let direct = LabelledStudy(phantom: study, spec: spec).input
        #expect(viaDICOM.sliceIndices == direct.sliceIndices)
        #expect(viaDICOM.pixels.count == direct.pixels.count)
        var sum = 0.0, worst: Float = 0
        for (a, b) in zip(viaDICOM.pixels, direct.pixels) {
            sum += Double(abs(a - b))
            worst = max(worst, abs(a - b))
        }
        let mean = sum / Double(direct.pixels.count)
        // Noise differs (independent draws at each matrix); structure must agree: a mean difference of a
        // few hundredths of the window, far below the contrast of any finding.
        #expect(mean < 0.03, "mean |difference| \(mean) of the window")
        #expect(worst < 0.6, "worst |difference| \(worst)")
        // And the two are of the same study: a different study is much further away.
        let other = LabelledStudy(phantom: PhantomGenerator(seed: 41).study(index: 3), spec: spec).input
        let otherMean = zip(viaDICOM.pixels, other.pixels).reduce(0.0) { $0 + Double(abs($1.0 - $1.1)) } / Double(other.pixels.count)
        #expect(otherMean > mean * 2, "another study differs by \(otherMean), this one by \(mean)")
    }

    @Test func slicesAreSpreadEvenlyAndWindowsAreChannels() {
        let spec = StudyInputSpec(matrix: 4, windows: [Window(center: 0, width: 100), Window(center: 1000, width: 200)], maxSlices: 5)
        #expect(spec.sliceIndices(of: 3) == [0, 1, 2])
        #expect(spec.sliceIndices(of: 9) == [0, 2, 4, 6, 8])
        let input = StudyInput(spec: spec, sliceCount: 2) { k in [Float](repeating: k == 0 ? -50 : 25, count: 16) }
        #expect(input.plane(slice: 0, channel: 0).allSatisfy { $0 == 0 })
        #expect(input.plane(slice: 1, channel: 0).allSatisfy { abs($0 - 0.75) < 1e-6 })
        #expect(input.plane(slice: 1, channel: 1).allSatisfy { $0 == 0 })
    }

    @Test func phantomSourcesParseAndSplitByPatient() {
        #expect(PhantomSource("phantom:7:300") == PhantomSource(seed: 7, count: 300))
        #expect(PhantomSource("phantom:7") == nil && PhantomSource("dicom:7:3") == nil && PhantomSource("phantom:x:3") == nil)
        let ids = (0..<2000).map { "PH\($0)" }
        let validation = ids.filter { PatientSplit.isValidation(patientID: $0, fraction: 0.2) }
        #expect(abs(Double(validation.count) / 2000 - 0.2) < 0.03)
        #expect(validation == ids.filter { PatientSplit.isValidation(patientID: $0, fraction: 0.2) })
    }

    @Test func aPhantomStudyCarriesItsLabelAndLesionMasks() {
        let generator = PhantomGenerator(seed: 41)
        let study = (0..<20).lazy.map { generator.study(index: $0) }.first { $0.label == .suspiciousNodule }!
        let labelled = LabelledStudy(phantom: study, spec: StudyInputSpec(maxSlices: 200))
        #expect(LabelledStudy.labels[labelled.label] == "suspicious_nodule")
        #expect(labelled.lesionMasks.count == study.sliceCount)
        #expect(labelled.lesionMasks[study.keySlice]?.contains(1) == true)
        #expect(labelled.report == study.report.text)
    }
}
