import Foundation

/// Window/level: the DICOM linear VOI function (PS3.3 C.11.2.1.2.1), mapping
/// modality values (HU) to display grey in 0...1.
public struct VOIFunction: Sendable, Equatable {
    public var window: Window
    /// MONOCHROME1 shows the lowest value white, so the output is inverted.
    public var inverted: Bool

    public init(window: Window, photometric: PhotometricInterpretation = .monochrome2) {
        self.window = Window(center: window.center, width: max(1, window.width))
        inverted = photometric == .monochrome1
    }

    /// The standard's formula: values at or below c − 0.5 − (w−1)/2 are black,
    /// above c − 0.5 + (w−1)/2 white, linear in between.
    @inline(__always)
    public func callAsFunction(_ x: Float) -> Float {
        let c = Float(window.center) - 0.5
        let halfSpan = (Float(window.width) - 1) / 2
        let y: Float
        if x <= c - halfSpan {
            y = 0
        } else if x > c + halfSpan {
            y = 1
        } else {
            y = (x - c) / max(Float(window.width) - 1, 1) + 0.5
        }
        return inverted ? 1 - y : y
    }

    public func apply(_ image: ScalarImage) -> ScalarImage {
        ScalarImage(width: image.width, height: image.height, values: image.values.map { self($0) })
    }
}

/// Named windows for CT. The values are the common defaults of reading rooms;
/// a site can replace any of them (issue of taste, not of the standard).
public struct WindowPresets: Sendable, Equatable {
    public private(set) var entries: [(name: String, window: Window)]

    public static let standard = WindowPresets(entries: [
        ("lung", Window(center: -600, width: 1500)),
        ("mediastinum", Window(center: 50, width: 350)),
        ("soft-tissue", Window(center: 40, width: 400)),
        ("bone", Window(center: 400, width: 1800)),
        ("brain", Window(center: 40, width: 80)),
        ("liver", Window(center: 30, width: 150)),
    ])

    public init(entries: [(name: String, window: Window)]) {
        self.entries = entries
    }

    public var names: [String] { entries.map(\.name) }

    public func window(named name: String) -> Window? {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        return entries.first { $0.name == key || $0.name.replacingOccurrences(of: "-", with: "") == key }?.window
    }

    /// Replaces (or adds) a preset, e.g. from the user's configuration.
    public mutating func set(_ name: String, to window: Window) {
        if let i = entries.firstIndex(where: { $0.name == name }) {
            entries[i].window = window
        } else {
            entries.append((name, window))
        }
    }

    /// A preset name, or "W,L" (width first, as radiologists say it).
    public func parse(_ text: String) -> Window? {
        if let named = window(named: text) { return named }
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let width = parts[0], let level = parts[1], width >= 1 else { return nil }
        return Window(center: level, width: width)
    }

    public static func == (a: WindowPresets, b: WindowPresets) -> Bool {
        a.entries.map(\.name) == b.entries.map(\.name) && a.entries.map(\.window) == b.entries.map(\.window)
    }
}
