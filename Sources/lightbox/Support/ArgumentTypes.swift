import ArgumentParser
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
