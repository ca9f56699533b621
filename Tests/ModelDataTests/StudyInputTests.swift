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
        let spec = StudyInputSpec(maxSlices: 12, blob: BlobChannel(scalesMM: [2.5, 4]))
        let viaDICOM = StudyInput(volume: volume, spec: spec)
        let direct = LabelledStudy(phantom: study, spec: spec).input
        #expect(viaDICOM.sliceIndices == direct.sliceIndices)
        #expect(viaDICOM.pixels.count == direct.pixels.count)
        var sum = 0.0, worstHU: Float = 0, blobSum = 0.0, strongestBlob: Float = 0
        let plane = spec.matrix * spec.matrix
        for (index, (a, b)) in zip(viaDICOM.pixels, direct.pixels).enumerated() {
            let channel = (index / plane) % spec.channels
            guard channel < spec.windows.count else {
                blobSum += Double(abs(a - b))
                strongestBlob = max(strongestBlob, b)
                continue
            }
            sum += Double(abs(a - b))
            worstHU = max(worstHU, abs(a - b) * Float(spec.windows[channel].width))
        }
        let mean = sum / Double(direct.sliceCount * spec.windows.count * plane)
        // The blob channel reads the same HU at the same spacing (pixel spacing from the DICOM geometry
        // on one path, from the phantom's field of view on the other).
        let blobMean = blobSum / Double(direct.sliceCount * plane)
        #expect(strongestBlob > 0.1 && blobMean < 0.02 * Double(strongestBlob), "blob channel: mean |difference| \(blobMean), strongest \(strongestBlob)")
        // Noise differs (independent draws at each matrix); structure must agree: a mean difference of a
        // few hundredths of the window, far below the contrast of any finding, and no pixel more than an
        // edge's partial-volume difference apart.
        #expect(mean < 0.03, "mean |difference| \(mean) of the window")
        #expect(worstHU < 900, "worst |difference| \(worstHU) HU")
        // And the two are of the same study: a different study is much further away.
        let other = LabelledStudy(phantom: PhantomGenerator(seed: 41).study(index: 3), spec: spec).input
        let otherMean = zip(viaDICOM.pixels, other.pixels).enumerated().reduce(0.0) { total, pair in
            (pair.offset / plane) % spec.channels < spec.windows.count ? total + Double(abs(pair.element.0 - pair.element.1)) : total
        } / Double(direct.sliceCount * spec.windows.count * plane)
        #expect(otherMean > mean * 2, "another study differs by \(otherMean), this one by \(mean)")
    }

    /// The blob channel is the last one, and over a study with a large nodule it is strongest on the
    /// nodule: the stack of the model's slices, not each slice alone, is what the filter reads.
    @Test func theBlobChannelIsStrongestOnANodule() throws {
        let generator = PhantomGenerator(seed: 41)
        let candidates = (0..<60).lazy.map { generator.study(index: $0) }
        let study = try #require(candidates.first { (study: PhantomStudy) -> Bool in
            study.label == .suspiciousNodule && study.lesions.count == 1 && study.lesions[0].diameterMM >= 12
        })
        let spec = StudyInputSpec(blob: BlobChannel(scalesMM: [1.5, 2.5, 4]))
        let labelled = LabelledStudy(phantom: study, spec: spec)
        let input = labelled.input, plane = spec.matrix * spec.matrix
        #expect(spec.channels == 4)
        var best: (slice: Int, pixel: Int, value: Float) = (0, 0, -Float.infinity)
        for slice in 0..<input.sliceCount {
            for (pixel, value) in input.plane(slice: slice, channel: 3).enumerated() where value > best.value { best = (slice, pixel, value) }
        }
        let masks: [[UInt8]?] = labelled.lesionMasks ?? []
        let mask = try #require(masks[best.slice], "the strongest blob is on a slice that shows no lesion")
        let m = spec.matrix, row = best.pixel / m, column = best.pixel % m
        var near = false
        for y in max(0, row - 1)...min(m - 1, row + 1) {
            for x in max(0, column - 1)...min(m - 1, column + 1) where mask[y * m + x] != 0 { near = true }
        }
        #expect(near, "the strongest blob (\(best.value)) is at row \(row), column \(column), off the nodule")
        #expect(input.pixels.count == input.sliceCount * 4 * plane)
    }

    @Test func slicesAreSpreadEvenlyAndWindowsAreChannels() {
        let spec = StudyInputSpec(matrix: 4, windows: [Window(center: 0, width: 100), Window(center: 1000, width: 200)], maxSlices: 5)
        #expect(spec.sliceIndices(of: 3) == [0, 1, 2])
        #expect(spec.sliceIndices(of: 9) == [0, 2, 4, 6, 8])
        let input = StudyInput(spec: spec, sliceCount: 2, sliceSpacingMM: 2.5, pixelSpacingMM: 2.5) { k in [Float](repeating: k == 0 ? -50 : 25, count: 16) }
        #expect(input.plane(slice: 0, channel: 0).allSatisfy { $0 == 0 })
        #expect(input.plane(slice: 1, channel: 0).allSatisfy { abs($0 - 0.75) < 1e-6 })
        #expect(input.plane(slice: 1, channel: 1).allSatisfy { $0 == 0 })
    }

    /// The blob channel holds the filter's response divided by the spec's divisor: the same study read
    /// with half the divisor shows twice the values, and the windows are untouched.
    @Test func theBlobChannelIsTheResponseOverItsDivisor() {
        // A 6 mm bright ball in air on a 16x16x9 grid of 2 mm voxels.
        func ball(_ k: Int) -> [Float] {
            (0..<256).map { i in
                let (x, y, z) = (Double(i % 16 - 8) * 2, Double(i / 16 - 8) * 2, Double(k - 4) * 2)
                return x * x + y * y + z * z <= 9 ? 40 : -900
            }
        }
        func read(divisor: Double) -> StudyInput {
            StudyInput(spec: StudyInputSpec(matrix: 16, maxSlices: 9, blob: BlobChannel(scalesMM: [2], responseScaleHU: divisor)),
                       sliceCount: 9, sliceSpacingMM: 2, pixelSpacingMM: 2, hu: ball)
        }
        let coarse = read(divisor: 80), fine = read(divisor: 40)
        let blobChannel = 3, centre = Array(fine.plane(slice: 4, channel: blobChannel))[8 * 16 + 8]
        #expect(centre > 0.5, "the ball's centre answers (\(centre))")
        for slice in 0..<9 {
            #expect(zip(fine.plane(slice: slice, channel: blobChannel), coarse.plane(slice: slice, channel: blobChannel))
                .allSatisfy { $0 == 2 * $1 })
            for channel in 0..<blobChannel {
                #expect(fine.plane(slice: slice, channel: channel) == coarse.plane(slice: slice, channel: channel))
            }
        }
    }

    /// With neighbours, each slice also shows the slices below and above it in the first window,
    /// clamped at the ends of the study, and each slice is read once.
    @Test func neighboursFollowTheWindowsAndStayInTheStudy() {
        let spec = StudyInputSpec(matrix: 2, windows: [Window(center: 50, width: 100), Window(center: 1000, width: 200)],
                                  maxSlices: 10, contextSlices: 1)
        #expect(spec.channels == 4)
        var reads: [Int] = []
        let input = StudyInput(spec: spec, sliceCount: 3, sliceSpacingMM: 2.5, pixelSpacingMM: 2.5) { k in
            reads.append(k)
            return [Float](repeating: Float(k) * 25, count: 4)
        }
        #expect(reads.sorted() == [0, 1, 2])
        func value(_ slice: Int, _ channel: Int) -> Float { input.plane(slice: slice, channel: channel).first! }
        #expect([value(1, 0), value(1, 2), value(1, 3)] == [0.25, 0, 0.5])   // itself, below, above
        #expect([value(0, 2), value(0, 3)] == [0, 0.25])                       // the first slice is its own lower neighbour
        #expect([value(2, 2), value(2, 3)] == [0.25, 0.5])
    }

    /// Neighbours placed in millimetres sit as many slices away as the series' spacing makes that
    /// distance, never nearer than the adjacent slices for the first.
    @Test func neighboursInMillimetresFollowTheSliceSpacing() {
        let spec = StudyInputSpec(matrix: 2, maxSlices: 80, contextSlices: 2, contextSpacingMM: 5)
        #expect(spec.neighbours(of: 20, sliceCount: 60, sliceSpacingMM: 1.25) == [16, 24, 12, 28])
        #expect(spec.neighbours(of: 20, sliceCount: 60, sliceSpacingMM: 2) == [17, 23, 15, 25])
        #expect(spec.neighbours(of: 20, sliceCount: 60, sliceSpacingMM: 5) == [19, 21, 18, 22])
        #expect(spec.neighbours(of: 20, sliceCount: 60, sliceSpacingMM: 10) == [19, 21, 18, 22])
        #expect(spec.neighbours(of: 2, sliceCount: 60, sliceSpacingMM: 1.25) == [0, 6, 0, 10])
        #expect(StudyInputSpec(matrix: 2, contextSlices: 1).neighbours(of: 20, sliceCount: 60, sliceSpacingMM: 1.25) == [19, 21])
    }

    @Test func phantomSourcesParseAndSplitByPatient() {
        #expect(PhantomSource("phantom:7:300") == PhantomSource(seed: 7, count: 300))
        #expect(PhantomSource("phantom:7") == nil && PhantomSource("dicom:7:3") == nil && PhantomSource("phantom:x:3") == nil)
        let ids = (0..<2000).map { "PH\($0)" }
        let validation = ids.filter { PatientSplit.isValidation(patientID: $0, fraction: 0.2) }
        #expect(abs(Double(validation.count) / 2000 - 0.2) < 0.03)
        #expect(validation == ids.filter { PatientSplit.isValidation(patientID: $0, fraction: 0.2) })
    }

    @Test func aPhantomStudyCarriesItsLabelAndLesionMasks() throws {
        let generator = PhantomGenerator(seed: 41)
        let study = (0..<20).lazy.map { generator.study(index: $0) }.first { $0.label == .suspiciousNodule }!
        let labelled = LabelledStudy(phantom: study, spec: StudyInputSpec(maxSlices: 200))
        #expect(LabelledStudy.labels[labelled.label] == "suspicious_nodule")
        let masks = try #require(labelled.lesionMasks)
        #expect(masks.count == study.sliceCount)
        #expect(masks[study.keySlice]?.contains(1) == true)
        // Each lesion pixel carries its own class: the deciding nodule's is the study's.
        let classes = try #require(labelled.lesionLabels?[study.keySlice])
        #expect(classes.contains(UInt8(labelled.label)) && classes.allSatisfy { $0 == 0 || $0 == 1 || $0 == 2 })
        #expect(labelled.report == study.report.text)

        // The largest lesion's size is the lesion's own: its widest cut (at the native matrix, where the
        // mask is exact to a fraction of a millimetre) covers about the disc of that diameter.
        let diameter = try #require(labelled.largestLesionMM)
        let largest = try #require(study.lesions.max { $0.diameterMM < $1.diameterMM })
        let pixelMM = study.fieldOfViewMM / Double(PhantomStudy.nativeMatrix)
        let widestCutMM2 = Double(largest.circles.map(\.area).max()!) * pixelMM * pixelMM
        let disc = Double.pi * diameter * diameter / 4
        #expect((0.6...1.25).contains(widestCutMM2 / disc), "widest cut \(widestCutMM2) mm² against a \(diameter) mm disc")
        let normal = (0..<20).lazy.map { generator.study(index: $0) }.first { $0.label == .normal }!
        #expect(LabelledStudy(phantom: normal, spec: StudyInputSpec(maxSlices: 4)).largestLesionMM == nil)
    }

    /// A suspicious-nodule phantom study and the slices its lesions are on.
    static func suspiciousStudy() -> (PhantomStudy, Set<Int>) {
        let generator = PhantomGenerator(seed: 41)
        let study = (0..<20).lazy.map { generator.study(index: $0) }.first { $0.label == .suspiciousNodule }!
        return (study, Set(study.lesions.flatMap { $0.circles.map(\.slice) }))
    }

    @Test func trainingStepsSeeTheLesionSlicesAndOthersAtRandom() {
        let (study, onLesions) = Self.suspiciousStudy()
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let slices = LabelledStudy.trainingSlices(of: study, count: 8, lesionSlices: 2, using: &random)
            #expect(slices.count == 8 && slices == slices.sorted() && Set(slices).count == 8)
            #expect(slices.filter(onLesions.contains).count == min(2, onLesions.count))
        }
        let short = LabelledStudy.trainingSlices(of: study, count: 500, lesionSlices: 4, using: &random)
        #expect(short == Array(0..<study.sliceCount))
    }

    /// Mined clear slices are the candidates the scorer rates highest; the lesion slices stay, and the
    /// rest of the step is the other candidates. With no candidate the scorer is not asked.
    @Test func minedClearSlicesAreTheCandidatesScoredHighest() {
        let (study, onLesions) = Self.suspiciousStudy()
        var random = SystemRandomNumberGenerator()
        for _ in 0..<10 {
            var offered: [Int] = []
            // Scores the slices by their number: the two highest-numbered candidates must be chosen.
            let slices = LabelledStudy.trainingSlices(of: study, count: 6, lesionSlices: 2,
                                                      hardest: (count: 2, candidates: 10, score: { offered = $0; return $0.map(Float.init) }),
                                                      using: &random)
            #expect(offered.count == 10 && offered == offered.sorted() && offered.allSatisfy { !onLesions.contains($0) })
            #expect(slices.count == 6 && slices.filter(onLesions.contains).count == min(2, onLesions.count))
            #expect(Set(offered.suffix(2)).isSubset(of: slices))
            #expect(slices.filter { !onLesions.contains($0) }.allSatisfy(offered.contains))
        }
        // No candidate (as on a study with a lesion on every slice): the scorer is not asked, the step stays random.
        var asked = false
        let slices = LabelledStudy.trainingSlices(of: study, count: 6, lesionSlices: 2,
                                                  hardest: (count: 2, candidates: 0, score: { asked = true; return $0.map(Float.init) }),
                                                  using: &random)
        #expect(!asked && slices.count == 6)
    }
}
