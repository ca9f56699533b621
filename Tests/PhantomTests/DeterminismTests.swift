import Foundation
import Testing
@testable import Phantom

@Test func testDeterminism_sameSeedGivesIdenticalBytes() throws {
    let other = PhantomGenerator(seed: generator.seed)
    for index in [3, 0, 17] {
        let a = generator.study(index: index), b = other.study(index: index)
        #expect(a.renderSlice(a.keySlice) == b.renderSlice(b.keySlice))
        #expect(a.renderSlice(a.sliceCount - 1, matrix: 128) == b.renderSlice(b.sliceCount - 1, matrix: 128))
        #expect(a.renderSlice(1, matrix: 128) == a.renderSlice(1, matrix: 128), "noise is seeded, not drawn afresh")
        #expect(a.lesionMask(slice: a.keySlice) == b.lesionMask(slice: b.keySlice))
    }
    #expect(try PhantomManifest.jsonLines(generator.studies(0..<20)) == PhantomManifest.jsonLines(other.studies(0..<20)))
}

@Test func testDeterminism_studiesDoNotDependOnOrderOrNeighbours() throws {
    let backwards = (0..<12).reversed().map { generator.study(index: $0) }.reversed()
    #expect(try PhantomManifest.jsonLines(Array(backwards)) == PhantomManifest.jsonLines(Array(sixty.prefix(12))))
}

@Test func testDeterminism_concurrentRendersMatchSerialOnes() async {
    let study = generator.study(index: 8)
    let slices = Array(0..<8)
    let parallel = await withTaskGroup(of: (Int, [Int16]).self) { group in
        for k in slices { group.addTask { (k, study.renderSlice(k, matrix: 64)) } }
        var results: [Int: [Int16]] = [:]
        for await (k, pixels) in group { results[k] = pixels }
        return results
    }
    let fresh = generator.study(index: 8)
    for k in slices { #expect(parallel[k] == fresh.renderSlice(k, matrix: 64)) }
}

@Test func testDeterminism_differentSeedsDiffer() throws {
    let a = generator.study(index: 4), b = PhantomGenerator(seed: generator.seed + 1).study(index: 4)
    #expect(a.patient.id != b.patient.id)
    #expect(a.report.text != b.report.text)
    #expect(a.renderSlice(0, matrix: 64) != b.renderSlice(0, matrix: 64))
    let c = generator.study(index: 5)
    #expect(try PhantomManifest.jsonLines([a]) != PhantomManifest.jsonLines([c]))
}
