import ArgumentParser
import Imaging
import TerminalGraphics

/// `--cells`: the names users type for the renderer's cell geometries.
struct CellsArgument: ExpressibleByArgument {
    static let names: [(String, CellGeometry)] = [
        ("half", .half), ("quad", .quadrant), ("sextant", .sextant), ("eighth", .eighth),
        ("braille", .braille), ("ascii", .ascii),
    ]
    let geometry: CellGeometry

    init?(argument: String) {
        guard let match = Self.names.first(where: { $0.0 == argument.lowercased() || $0.1.rawValue == argument }) else {
            return nil
        }
        geometry = match.1
    }

    static var allValueStrings: [String] { names.map(\.0) }
}

/// `--colors`: how many colours the output may use.
struct ColorsArgument: ExpressibleByArgument {
    static let names: [(String, ColorMode)] = [
        ("truecolor", .truecolor), ("256", .palette256), ("16", .palette16), ("mono", .monochrome),
    ]
    let mode: ColorMode

    init?(argument: String) {
        guard let match = Self.names.first(where: { $0.0 == argument.lowercased() }) else { return nil }
        mode = match.1
    }

    static var allValueStrings: [String] { names.map(\.0) }
}

/// `--colormap`.
extension ColorMap: ExpressibleByArgument {}
