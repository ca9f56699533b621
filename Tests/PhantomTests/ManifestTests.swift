import Foundation
import Testing
@testable import Phantom

@Test func testManifest_oneSortedObjectPerStudyThatRoundTrips() throws {
    let studies = Array(sixty.prefix(10))
    let data = try PhantomManifest.jsonLines(studies)
    let lines = data.split(separator: 0x0A)
    #expect(lines.count == studies.count)
    let entries = try PhantomManifest.entries(from: data)
    #expect(entries == studies.map(\.manifestEntry))
    for (line, study) in zip(lines, studies) {
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("{\"accessionNumber\":"), "keys are sorted")
        #expect(text.contains("\"label\":\"\(study.label.rawValue)\""))
        #expect(!text.contains("\\u"), "UTF-8, not escapes")
    }
    let withLesion = try #require(entries.first { !$0.lesions.isEmpty })
    let lesion = withLesion.lesions[0]
    #expect(lesion.circles.first?.slice == lesion.firstSlice && lesion.circles.last?.slice == lesion.lastSlice)
}

@Test func testManifest_writesToDisk() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: url) }
    try PhantomManifest.write(Array(sixty.prefix(3)), to: url)
    #expect(try PhantomManifest.entries(from: Data(contentsOf: url)).map(\.index) == [0, 1, 2])
}
