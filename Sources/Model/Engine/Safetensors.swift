import Foundation

/// Weights in the safetensors format (Hugging Face's, readable by PyTorch and NumPy): an 8-byte
/// little-endian header length, a JSON header `{name: {"dtype", "shape", "data_offsets"}}` with
/// an optional `"__metadata__"` of strings, then the raw little-endian data.
///
/// Chosen over a format of our own because a doctor's IT department can inspect it with standard
/// tools, and over pickles because loading one runs no code. Reading checks the file as a whole
/// before any weight is used: a truncated copy or a file for another model version must fail with
/// the file and tensor named, never load half the weights.
public enum Safetensors {
    /// Writes `tensors` in the given order, the header padded with spaces to a multiple of 8 bytes
    /// so the data is aligned for memory mapping.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to path: String) throws {
        precondition(Set(tensors.map(\.name)).count == tensors.count, "duplicate tensor names")
        var header: [String: Any] = [:]
        var offset = 0
        for (name, tensor) in tensors {
            precondition(name != "__metadata__", "__metadata__ is reserved")
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + tensor.count * 4]] as [String: Any]
            offset += tensor.count * 4
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var file = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        for (_, tensor) in tensors {
            for value in tensor.scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) } }
        }
        try file.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Every tensor of the file at `path` and its metadata, after checking the header against the
    /// file: lengths, offsets in range and not overlapping, shapes matching byte counts, F32 only.
    public static func read(_ path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        func failure(_ problem: SafetensorsError.Problem) -> SafetensorsError { SafetensorsError(file: fileName, problem: problem) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw failure(.unreadable(error.localizedDescription)) }
        guard data.count >= 8 else { throw failure(.tooShort(bytes: data.count)) }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw failure(.headerPastEnd(headerBytes: headerLength, fileBytes: data.count))
        }
        let headerEnd = 8 + Int(headerLength)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data[8..<headerEnd]) } catch {
            throw failure(.invalidHeader("not valid JSON"))
        }
        guard let header = object as? [String: Any] else { throw failure(.invalidHeader("not a JSON object")) }
        var metadata: [String: String] = [:]
        if let entry = header["__metadata__"] {
            guard let strings = entry as? [String: String] else { throw failure(.invalidHeader("__metadata__ is not an object of strings")) }
            metadata = strings
        }
        let entries = try header.filter { $0.key != "__metadata__" }.map { name, entry in
            try TensorEntry(name: name, json: entry, failure: failure)
        }.sorted { ($0.begin, $0.name) < ($1.begin, $1.name) }
        let available = data.count - headerEnd
        var end = 0
        for (previous, entry) in zip([nil] + entries.map(Optional.some), entries) {
            if let previous, entry.begin < previous.end { throw failure(.overlapping(entry.name, previous.name)) }
            end = Swift.max(end, entry.end)
        }
        guard end <= available else { throw failure(.truncated(dataBytes: end, available: available)) }
        var tensors: [String: Tensor] = [:]
        data.withUnsafeBytes { bytes in
            for entry in entries {
                let start = headerEnd + entry.begin
                let count = (entry.end - entry.begin) / 4
                tensors[entry.name] = Tensor(shape: entry.shape) { out in
                    for i in 0..<count {
                        out[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                    }
                }
            }
        }
        return (tensors, metadata)
    }

    /// Writes `parameters` under their names.
    public static func save(_ parameters: [NamedParameter], metadata: [String: String] = [:], to path: String) throws {
        try write(parameters.map { ($0.name, $0.parameter.value) }, metadata: metadata, to: path)
    }

    /// Reads the file at `path` into `parameters`, and returns its metadata. The file must hold
    /// exactly these names with exactly these shapes; otherwise nothing is changed and the error
    /// names what is missing, unexpected or of the wrong shape.
    @discardableResult
    public static func load(into parameters: [NamedParameter], from path: String) throws -> [String: String] {
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let (tensors, metadata) = try read(path)
        let expected = Set(parameters.map(\.name))
        let missing = parameters.map(\.name).filter { tensors[$0] == nil }
        guard missing.isEmpty else { throw SafetensorsError(file: fileName, problem: .missing(missing)) }
        let unexpected = tensors.keys.filter { !expected.contains($0) }.sorted()
        guard unexpected.isEmpty else { throw SafetensorsError(file: fileName, problem: .unexpected(unexpected)) }
        for named in parameters where tensors[named.name]!.shape != named.parameter.shape {
            throw SafetensorsError(file: fileName, problem: .wrongShape(named.name, found: tensors[named.name]!.shape,
                                                                        expected: named.parameter.shape))
        }
        for named in parameters { named.parameter.value = tensors[named.name]! }
        return metadata
    }
}

/// One tensor's header entry, checked on its own.
private struct TensorEntry {
    let name: String
    let shape: [Int]
    let begin, end: Int

    init(name: String, json: Any, failure: (SafetensorsError.Problem) -> SafetensorsError) throws {
        guard let fields = json as? [String: Any] else { throw failure(.invalidEntry(name, "not an object")) }
        guard let dtype = fields["dtype"] as? String else { throw failure(.invalidEntry(name, "no dtype")) }
        guard dtype == "F32" else { throw failure(.unsupportedType(name, dtype)) }
        guard let shape = fields["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else {
            throw failure(.invalidEntry(name, "no valid shape"))
        }
        guard let offsets = fields["data_offsets"] as? [Int], offsets.count == 2, offsets[0] >= 0, offsets[1] >= offsets[0] else {
            throw failure(.invalidEntry(name, "no valid data_offsets"))
        }
        guard offsets[1] - offsets[0] == shape.reduce(1, *) * 4 else {
            throw failure(.sizeMismatch(name, shape: shape, bytes: offsets[1] - offsets[0]))
        }
        self.name = name
        self.shape = shape
        (begin, end) = (offsets[0], offsets[1])
    }
}

/// Why a weight file was refused; `description` names the file (without its folder, which is the
/// reader's to know) and, where there is one, the tensor.
public struct SafetensorsError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case unreadable(String)
        case tooShort(bytes: Int)
        case headerPastEnd(headerBytes: UInt64, fileBytes: Int)
        case invalidHeader(String)
        case invalidEntry(String, String)
        case unsupportedType(String, String)
        case sizeMismatch(String, shape: [Int], bytes: Int)
        case overlapping(String, String)
        case truncated(dataBytes: Int, available: Int)
        case missing([String])
        case unexpected([String])
        case wrongShape(String, found: [Int], expected: [Int])
    }

    public let file: String
    public let problem: Problem

    public var description: String {
        let message = switch problem {
        case .unreadable(let reason): "cannot be read: \(reason)"
        case .tooShort(let bytes): "not a safetensors file: \(bytes) bytes, too short for the header length"
        case .headerPastEnd(let header, let file):
            "not a safetensors file or truncated: header length \(grouped(Int(clamping: header))) bytes, file has \(grouped(file))"
        case .invalidHeader(let reason): "header is \(reason)"
        case .invalidEntry(let name, let reason): "tensor \"\(name)\" has \(reason) in the header"
        case .unsupportedType(let name, let dtype): "tensor \"\(name)\" has dtype \(dtype), only F32 is supported"
        case .sizeMismatch(let name, let shape, let bytes):
            "tensor \"\(name)\" has shape \(shape) but \(grouped(bytes)) bytes of data"
        case .overlapping(let name, let other): "tensors \"\(other)\" and \"\(name)\" overlap"
        case .truncated(let data, let available):
            "truncated: header says \(grouped(data)) bytes of data, file has \(grouped(available))"
        case .missing(let names): "missing \(names.count == 1 ? "tensor" : "tensors") \(quoted(names))"
        case .unexpected(let names): "unexpected \(names.count == 1 ? "tensor" : "tensors") \(quoted(names))"
        case .wrongShape(let name, let found, let expected): "tensor \"\(name)\" has shape \(found), expected \(expected)"
        }
        return "\(file): \(message)"
    }
}

extension SafetensorsError: LocalizedError {
    public var errorDescription: String? { description }
}

private func quoted(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }

/// `1204224` → `"1,204,224"`, independent of the locale.
private func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
}
