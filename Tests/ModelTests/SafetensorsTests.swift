import Foundation
import LightboxTestSupport
import Testing
@testable import Model

@Suite struct SafetensorsTests {
    private func parameters(_ shapes: [String: [Int]], seed: UInt64 = 1) -> [NamedParameter] {
        shapes.keys.sorted().enumerated().map { index, name in
            NamedParameter(name, Parameter(randomTensor(shapes[name]!, seed: seed + UInt64(index))))
        }
    }

    private func expectError(_ expected: String, loading target: [NamedParameter]? = nil, from path: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            if let target { try Safetensors.load(into: target, from: path) } else { _ = try Safetensors.read(path) }
            Issue.record("no error; expected \(expected)", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)" == expected, sourceLocation: sourceLocation)
        }
    }

    /// A file with a hand-written header, as another tool could write it.
    private func writeFile(_ path: String, header: String, dataBytes: Int) {
        var file = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(Data(header.utf8))
        file.append(Data(repeating: 0, count: dataBytes))
        try! file.write(to: URL(fileURLWithPath: path))
    }

    @Test func weightsAndMetadataSurviveARoundTrip() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/model.safetensors"
        var random = RandomGenerator(seed: 1)
        let block = TransformerEncoderBlock(features: 8, heads: 2, hiddenFeatures: 16, random: &random)
        let norm = BatchNorm2d(channels: 3)
        norm.runningMean.value = randomTensor([3], seed: 2)
        let saved = block.named("text.block0") + norm.named("image.norm")
        try Safetensors.save(saved, metadata: ["format": "pt", "lightbox_model": "fusion 0.1"], to: path)

        var fresh = RandomGenerator(seed: 99)
        let loadedBlock = TransformerEncoderBlock(features: 8, heads: 2, hiddenFeatures: 16, random: &fresh)
        let loadedNorm = BatchNorm2d(channels: 3)
        let target = loadedBlock.named("text.block0") + loadedNorm.named("image.norm")
        #expect(target.map(\.parameter.value) != saved.map(\.parameter.value))
        let metadata = try Safetensors.load(into: target, from: path)
        #expect(metadata == ["format": "pt", "lightbox_model": "fusion 0.1"])
        #expect(target.map(\.name) == saved.map(\.name))
        #expect(target.map(\.parameter.value) == saved.map(\.parameter.value))

        // The layout the format prescribes: header length, a JSON header padded to 8 bytes, data.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        let header = try JSONSerialization.jsonObject(with: bytes[8..<8 + headerLength]) as! [String: Any]
        let entry = header["image.norm.running_mean"] as! [String: Any]
        #expect(entry["dtype"] as? String == "F32" && entry["shape"] as? [Int] == [3])
        #expect(bytes.count == 8 + headerLength + saved.reduce(0) { $0 + $1.parameter.value.count * 4 })
    }

    @Test func aFileWrittenByAnotherToolIsRead() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/other.safetensors"
        var file = Data()
        let header = #"{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[],"data_offsets":[8,12]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(Data(header.utf8))
        for value: Float in [1.5, -2, 0.25] { withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) } }
        try file.write(to: URL(fileURLWithPath: path))
        let (tensors, metadata) = try Safetensors.read(path)
        #expect(tensors["a"] == Tensor(shape: [2], scalars: [1.5, -2]))
        #expect(tensors["b"] == Tensor(0.25))
        #expect(metadata == ["format": "pt"])
    }

    @Test func aTruncatedFileIsRefused() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/model.safetensors"
        try Safetensors.save(parameters(["encoder.conv1.weight": [16, 2, 3, 3], "encoder.big": [300_768]]), to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerEnd = 8 + bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        try bytes.prefix(headerEnd + 1_000_000).write(to: URL(fileURLWithPath: path))
        expectError("model.safetensors: truncated: header says 1,204,224 bytes of data, file has 1,000,000", from: path)
        try bytes.prefix(5).write(to: URL(fileURLWithPath: path))
        expectError("model.safetensors: not a safetensors file: 5 bytes, too short for the header length", from: path)
        try bytes.prefix(100).write(to: URL(fileURLWithPath: path))
        expectError("model.safetensors: not a safetensors file or truncated: header length \(headerEnd - 8) bytes, file has 100", from: path)
    }

    @Test func parametersMustMatchByNameAndShape() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/model.safetensors"
        try Safetensors.save(parameters(["encoder.conv1.weight": [16, 3, 3, 3], "encoder.conv1.bias": [16]]), to: path)

        let wrongShape = parameters(["encoder.conv1.weight": [16, 2, 3, 3], "encoder.conv1.bias": [16]], seed: 7)
        let before = wrongShape.map(\.parameter.value)
        expectError(#"model.safetensors: tensor "encoder.conv1.weight" has shape [16, 3, 3, 3], expected [16, 2, 3, 3]"#,
                    loading: wrongShape, from: path)
        #expect(wrongShape.map(\.parameter.value) == before, "a refused file changes nothing")

        expectError(#"model.safetensors: missing tensors "encoder.conv2.bias", "encoder.conv2.weight""#,
                    loading: parameters(["encoder.conv1.weight": [16, 3, 3, 3], "encoder.conv1.bias": [16],
                                         "encoder.conv2.weight": [8, 16, 3, 3], "encoder.conv2.bias": [8]]), from: path)
        expectError(#"model.safetensors: unexpected tensor "encoder.conv1.bias""#,
                    loading: parameters(["encoder.conv1.weight": [16, 3, 3, 3]]), from: path)
    }

    @Test func malformedHeadersAreRefused() {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/bad.safetensors"
        writeFile(path, header: #"{"a": {"dtype": "F32", "shape": [2], "#, dataBytes: 8)
        expectError("bad.safetensors: header is not valid JSON", from: path)
        writeFile(path, header: #"[1, 2]"#, dataBytes: 0)
        expectError("bad.safetensors: header is not a JSON object", from: path)
        writeFile(path, header: #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 4)
        expectError(#"bad.safetensors: tensor "a" has dtype F16, only F32 is supported"#, from: path)
        writeFile(path, header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8)
        expectError(#"bad.safetensors: tensor "a" has shape [3] but 8 bytes of data"#, from: path)
        writeFile(path, header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                  dataBytes: 12)
        expectError(#"bad.safetensors: tensors "a" and "b" overlap"#, from: path)
        writeFile(path, header: #"{"a":{"dtype":"F32","shape":[2]}}"#, dataBytes: 8)
        expectError(#"bad.safetensors: tensor "a" has no valid data_offsets in the header"#, from: path)
        do {
            _ = try Safetensors.read(folder + "/missing.safetensors")
            Issue.record("a missing file was read")
        } catch {
            #expect("\(error)".hasPrefix("missing.safetensors: cannot be read: "))
        }
    }
}
