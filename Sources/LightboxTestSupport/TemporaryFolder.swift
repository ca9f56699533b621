import Foundation

/// A fresh folder under the system temp directory for one test; the test
/// removes it with `defer { removeFolder(path) }`.
public func makeTemporaryFolder(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "lightbox-\(safe)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

public func removeFolder(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
