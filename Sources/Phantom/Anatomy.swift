/// Attenuation of normal tissues, HU. One table so the anatomy and the tests agree.
enum TissueHU {
    static let air: Float = -1000
    static let fat: Float = -100
    static let muscle: Float = 40
    static let blood: Float = 40
    static let lung: Float = -900
    /// Gravity gradient of the lung, HU per mm toward the back.
    static let lungGradient: Float = 0.3
    static let liver: Float = 55
    static let cortical: Float = 700
    static let cancellous: Float = 250
    static let cartilage: Float = 110
}

/// The normal chest of one patient: the shapes later stages place things against, and the
/// primitives of each paint layer.
struct Anatomy: Sendable {
    let habitus: Habitus
    /// Index 0 is the right lung (image left, x < 0), 1 the left lung.
    let lungs: [Shape3D]
    let thorax: Shape3D
    let viscera: Viscera
    let skeleton: Skeleton
    /// Table, fat, chest wall muscle and the thoracic cavity.
    let wall: [Primitive]
    let lungPrimitives: [Primitive]
    /// Everything solid that borders the lungs from inside the thorax.
    let solids: [Shape3D]

    init(rng: inout PhantomRNG) {
        let h = Habitus(rng: &rng)
        habitus = h
        thorax = h.loft(h.thorax)
        lungs = [-1.0, 1.0].map { Anatomy.lung(h, side: $0) }
        viscera = Viscera(h, rng: &rng)
        wall = Anatomy.wall(h)
        lungPrimitives = lungs.map { [thorax] lung in
            Primitive(lung, Paint(TissueHU.lung - TissueHU.lungGradient * Float(h.centreY),
                                  huPerMMPosterior: TissueHU.lungGradient),
                      clips: [Clip(shape: thorax)])
        }
        skeleton = Skeleton(h, rng: &rng)
        solids = viscera.solids + skeleton.solids
    }

    /// Whether `p` lies at least `margin` mm inside aerated lung: inside a lung and the thorax,
    /// outside the mediastinum, the spine and the organs below the diaphragm. Cheapest tests first.
    func isInLung(_ p: Point3D, margin: Double) -> Bool {
        guard min(lungs[0].distance(to: p), lungs[1].distance(to: p)) <= -margin,
              thorax.distance(to: p) <= -margin else { return false }
        return solids.allSatisfy { $0.distance(to: p) >= margin }
    }

    /// The lobe a point in the lungs belongs to. The oblique fissure runs from high at the back to
    /// low at the front; on the right a horizontal fissure at the hilum splits off the middle lobe.
    func lobe(of p: Point3D) -> Lobe {
        let h = habitus
        let obliqueFissure = h.carina - 40 + 0.5 * (p.y - h.centreY)
        if p.x >= h.centreX { return p.z > obliqueFissure ? .leftUpper : .leftLower }
        if p.z <= obliqueFissure { return .rightLower }
        return p.z > h.carina - 25 ? .rightUpper : .rightMiddle
    }

    /// Random points at least `depth` mm inside one lung (0 right, 1 left), uniform in volume.
    /// A small patient may have no lung that deep: the depth then shrinks until points are found.
    func lungTargets(_ lung: Int, count: Int, depth: Double = 12, rng: inout PhantomRNG) -> [Point3D] {
        let h = habitus
        let side = lung == 0 ? -1.0 : 1.0
        var points: [Point3D] = []
        var margin = depth, misses = 0
        while points.count < count {
            let z = rng.uniform(0...h.apex)
            let box = h.thorax(z)
            let p = Point3D(x: box.cx + side * rng.uniform(0...box.a), y: box.cy + rng.uniform(-box.b...box.b), z: z)
            if isInLung(p, margin: margin) {
                points.append(p)
            } else {
                misses += 1
                if misses % 2_000 == 0 { margin *= 0.8 }
            }
        }
        return points
    }

    /// A lung: an ellipse per height, narrowing to a point at the apex and to a posterior sulcus at
    /// the base; the thorax clip makes it hug the chest wall and the viscera carve its medial side.
    private static func lung(_ h: Habitus, side s: Double) -> Shape3D {
        let fractions: [Double] = [-0.04, 0.02, 0.08, 0.15, 0.3, 0.5, 0.7, 0.82, 0.9, 0.95, 0.985, 1.0]
        return .loft(fractions.map { t in
            let z = t * h.apex
            let box = h.thorax(z)
            let apexTaper = t > 0.75 ? max(0.05, (1 - ((t - 0.75) / 0.25) * ((t - 0.75) / 0.25)).squareRoot()) : 1
            let baseTaper = 0.55 + 0.45 * smoothstep(-0.04, 0.15, t)
            let size = s < 0 ? 1.0 : 0.94
            return LoftKey(z: z,
                           cx: box.cx + s * box.a * (0.5 - 0.08 * smoothstep(0.8, 1, t)),
                           cy: box.cy + box.b * (0.06 + 0.45 * smoothstep(0.15, -0.04, t) + 0.1 * smoothstep(0.8, 1, t)),
                           a: max(4, box.a * 0.62 * apexTaper * size),
                           b: max(4, box.b * 1.05 * apexTaper * baseTaper))
        })
    }

    private static func wall(_ h: Habitus) -> [Primitive] {
        let back = h.centreY + h.halfDepth * 1.05
        let table = Shape3D.column(LoftKey(z: 0, cx: 0, cy: back + 18, a: 240, b: 4), from: -400, to: 600)
        return [
            Primitive(table, Paint(120)),
            Primitive(h.loft(h.skin), Paint(TissueHU.fat)),
            Primitive(h.loft { h.ring($0, inset: h.fat) }, Paint(TissueHU.muscle)),
            Primitive(h.loft(h.thorax), Paint(-90)),
        ]
    }
}
