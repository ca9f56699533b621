import Testing
@testable import Phantom

@Test func testRender_tissuesHaveRealisticHU() {
    for study in sixty.filter({ $0.label == .normal }).prefix(4) {
        let h = study.anatomy.habitus
        let k = nearestSlice(study, z: (h.carina + h.domeRight) / 2)
        let pixels = study.renderSlice(k).map(Double.init)

        // Lung: every pixel at least 5 mm inside aerated lung, vessels and noise included.
        let lung = pixelCentres(study, slice: k).filter { study.anatomy.isInLung($0.point, margin: 5) }.map { pixels[$0.index] }
        #expect(lung.count > 5_000)
        #expect(abs(mean(lung) + 850) < 60, "lung \(mean(lung))")
        // Soft tissue: the middle of the heart.
        let heart = study.anatomy.viscera.heartCentre
        let heartSlice = study.renderSlice(nearestSlice(study, z: heart.z)).map(Double.init)
        let blood = mean(disc(heartSlice, in: study, x: heart.x, y: heart.y, radiusMM: 10))
        #expect(abs(blood - 40) < 10, "soft tissue \(blood)")
        // Air outside the body, and bone.
        let corner = -study.fieldOfViewMM * 0.45
        #expect(abs(mean(disc(pixels, in: study, x: corner, y: corner, radiusMM: 10)) + 1000) < 10)
        #expect(pixels.filter { $0 > 300 }.count > 300, "bone")
        #expect(pixels.allSatisfy { (-1024...3071).contains($0) })
    }
}

/// A 128 render should look like the 4x4 average of the 512 render, so models trained on either agree.
@Test func testRender_coarseMatrixApproximatesAreaAverage() {
    for study in PhantomLabel.allCases.compactMap({ label in sixty.first { $0.label == label } }) {
        let fine = noiseless(study, slice: study.keySlice)
        let coarse = noiseless(study, slice: study.keySlice, matrix: 128)
        var difference = 0.0
        for row in 0..<128 {
            for column in 0..<128 {
                var sum = 0.0
                for dy in 0..<4 { for dx in 0..<4 { sum += fine[(row * 4 + dy) * 512 + column * 4 + dx] } }
                difference += abs(coarse[row * 128 + column] - sum / 16)
            }
        }
        let meanDifference = difference / Double(128 * 128)
        #expect(meanDifference < 6, "study \(study.index): \(meanDifference) HU")
    }
}

@Test func testRender_noiseShrinksWithTheMatrix() {
    let study = sixty[2]
    for matrix in [128, 512] {
        let clean = noiseless(study, slice: 0, matrix: matrix)
        let noisy = study.renderSlice(0, matrix: matrix).map(Double.init)
        let residual = zip(noisy, clean).map { $0 - $1 }.filter { abs($0) < 200 }
        let sigma = mean(residual.map { $0 * $0 }).squareRoot()
        let expected = study.noiseSigmaHU * Double(matrix) / 512
        #expect(abs(sigma - expected) < 0.1 * expected + 0.3, "matrix \(matrix): \(sigma) vs \(expected)")
    }
}

@Test func testRender_lesionsShowOnTheirKeySlice() {
    let lungHU = -850.0
    for study in sixty where study.label != .normal {
        let mask = study.lesionMask(slice: study.keySlice)
        #expect(mask != nil, "study \(study.index)")
        guard let mask else { continue }
        let pixels = noiseless(study, slice: study.keySlice)
        let inside = zip(pixels, mask).filter { $0.1 == 1 }.map(\.0)
        #expect(!inside.isEmpty, "study \(study.index)")
        #expect(abs(mean(inside) - lungHU) > 80, "study \(study.index) \(study.label.rawValue): \(mean(inside))")
        let area = study.lesions.flatMap(\.circles).filter { $0.slice == study.keySlice }.map(\.area).reduce(0, +)
        #expect(area > 0)
    }
    #expect(sixty.filter { $0.label == .normal }.allSatisfy { $0.lesionMask(slice: $0.keySlice) == nil })
}
