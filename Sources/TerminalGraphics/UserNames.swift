/// The words people type for colour modes and cell geometries, on the command line and in config.toml:
/// one list, so the two can never accept different spellings.
extension ColorMode {
    public static let userNames: [(name: String, mode: ColorMode)] = [
        ("truecolor", .truecolor), ("256", .palette256), ("16", .palette16), ("mono", .monochrome),
    ]

    /// A mode by its user name, any case.
    public init?(userName: String) {
        guard let match = Self.userNames.first(where: { $0.name == userName.lowercased() }) else { return nil }
        self = match.mode
    }
}

extension CellGeometry {
    public static let userNames: [(name: String, geometry: CellGeometry)] = [
        ("half", .half), ("quad", .quadrant), ("quadrant", .quadrant), ("sextant", .sextant), ("eighth", .eighth),
        ("braille", .braille), ("ascii", .ascii),
    ]

    /// A geometry by its user name, any case.
    public init?(userName: String) {
        guard let match = Self.userNames.first(where: { $0.name == userName.lowercased() }) else { return nil }
        self = match.geometry
    }
}
