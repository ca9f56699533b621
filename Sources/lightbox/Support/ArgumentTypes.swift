import ArgumentParser
import Foundation
import Imaging
import TerminalGraphics

/// `--cells`: the names users type for the renderer's cell geometries (shared with config.toml).
struct CellsArgument: ExpressibleByArgument {
    let geometry: CellGeometry

    init?(argument: String) {
        guard let geometry = CellGeometry(userName: argument) else { return nil }
        self.geometry = geometry
    }

    static var allValueStrings: [String] { CellGeometry.userNames.map(\.name) }
}

/// `--colors`: how many colours the output may use (shared with config.toml).
struct ColorsArgument: ExpressibleByArgument {
    let mode: ColorMode

    init?(argument: String) {
        guard let mode = ColorMode(userName: argument) else { return nil }
        self.mode = mode
    }

    static var allValueStrings: [String] { ColorMode.userNames.map(\.name) }
}

/// `--colormap`.
extension ColorMap: ExpressibleByArgument {}

/// A comma-separated list of positive numbers, such as `--image-widths 16,32,32` or `--blob-filter 1.5,2.5,4`.
struct PositiveList<Value: LosslessStringConvertible & Comparable & Numeric & Sendable>: ExpressibleByArgument {
    let values: [Value]

    init?(argument: String) {
        let values = argument.split(separator: ",", omittingEmptySubsequences: false).map { Value($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        self.values = values.map { $0! }
    }

    init(_ values: [Value]) { self.values = values }

    var defaultValueDescription: String { values.map(String.init).joined(separator: ",") }
}

typealias PositiveIntegers = PositiveList<Int>
typealias PositiveNumbers = PositiveList<Double>
