/// The patient's build. Every organ is placed relative to it, so one set of numbers varies the
/// whole body coherently from study to study.
struct Habitus: Sendable {
    /// Skin half-width (x) and half-depth (y) at mid-chest, mm.
    let halfWidth, halfDepth: Double
    /// Body centre; y is offset because the patient lies on the table, not at the scanner centre.
    let centreX, centreY: Double
    /// Subcutaneous fat and chest-wall muscle thickness, mm.
    let fat, muscle: Double
    /// Height of the lung apex above the lowest point of the lungs (z = 0).
    let apex: Double
    /// Tops of the diaphragm domes; the right one (liver) sits higher.
    let domeRight, domeLeft: Double
    let carina: Double
    /// Height of one vertebra plus its disc.
    let levelHeight: Double

    init(rng: inout PhantomRNG) {
        halfWidth = rng.uniform(140...190)
        halfDepth = halfWidth * rng.uniform(0.66...0.78)
        centreX = rng.uniform(-6...6)
        centreY = rng.uniform(-4...14)
        fat = max(4, 4 + (halfWidth - 140) * 0.38 + rng.uniform(-3...6))
        muscle = rng.uniform(9...15)
        apex = rng.uniform(215...265)
        domeRight = apex * rng.uniform(0.2...0.3)
        domeLeft = domeRight - rng.uniform(8...22)
        carina = apex * rng.uniform(0.6...0.66)
        levelHeight = apex * rng.uniform(0.095...0.11)
    }

    /// 0 at the lung base, 1 at the apex.
    func fraction(_ z: Double) -> Double { z / apex }

    /// Skin outline at height z: narrower toward the neck, deeper over the belly.
    func skin(_ z: Double) -> LoftKey {
        let t = fraction(z)
        let a = halfWidth * (1 - 0.1 * smoothstep(0.7, 1.3, t) - 0.03 * smoothstep(0.2, -0.4, t))
        let b = halfDepth * (1 - 0.06 * smoothstep(0.7, 1.3, t) + 0.05 * smoothstep(0.2, -0.4, t))
        return LoftKey(z: z, cx: centreX, cy: centreY, a: a, b: b)
    }

    /// The skin outline shrunk by `inset` mm (more at the sides toward the neck, where shoulder
    /// muscles thicken the wall).
    func ring(_ z: Double, inset: Double) -> LoftKey {
        let shoulders = smoothstep(0.7, 1.15, fraction(z))
        var key = skin(z)
        key.a -= inset + 45 * shoulders
        key.b -= inset + 12 * shoulders
        return key
    }

    /// Inside of the chest wall: the space lungs, mediastinum and upper abdomen share.
    func thorax(_ z: Double) -> LoftKey { ring(z, inset: fat + muscle) }

    /// Centre of the spinal canal: a fixed depth under the back muscles.
    func canalY(_ z: Double) -> Double {
        let key = skin(z)
        return key.cy + key.b - fat - 30
    }

    /// Cross-section of the vertebral bodies, in front of the canal and growing toward the lumbar spine.
    func vertebra(_ z: Double) -> LoftKey {
        let halfWidth = 14 + 7 * smoothstep(1.2, -0.2, fraction(z))
        return LoftKey(z: z, cx: centreX, cy: canalY(z) - 0.78 * halfWidth - 11, a: halfWidth, b: 0.78 * halfWidth)
    }

    func vertebraY(_ z: Double) -> Double { vertebra(z).cy }

    /// Trachea, oesophagus and the posterior mediastinum line up in front of the spine.
    func tracheaY(_ z: Double) -> Double { vertebraY(z) - 42 }

    /// Heights at which lofts that follow the body are keyed, from well below to well above any scan.
    var bodyKeyHeights: [Double] {
        [-0.7, -0.4, -0.2, 0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.85, 0.92, 1.0, 1.1, 1.25, 1.5].map { $0 * apex }
    }

    /// Every height a scan of this patient may cover.
    var scannableRange: ClosedRange<Double> { (-45)...(apex + 35) }

    /// A loft following the body, keyed at `bodyKeyHeights`.
    func loft(_ key: (Double) -> LoftKey) -> Shape3D {
        .loft(bodyKeyHeights.map(key))
    }
}
