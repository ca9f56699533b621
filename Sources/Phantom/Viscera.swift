/// Mediastinum, heart, great vessels, central airways and the organs under the diaphragm.
/// Painted over the lungs, so they carve the lungs' medial and basal borders.
struct Viscera: Sendable {
    let primitives: [Primitive]
    /// Mediastinal organs and vessels, which nothing lung-bound may enter.
    let mediastinalSolids: [Shape3D]
    /// Where the pulmonary artery and vein trees start, per lung (0 right, 1 left).
    let arteryRoots: [Point3D]
    let veinRoots: [Point3D]
    /// Ends of the main bronchi, where the bronchial trees start.
    let bronchusRoots: [Point3D]
    let heartCentre: Point3D
    /// Liver and left upper abdomen, which bound the lung bases from below.
    let belowDiaphragm: [Shape3D]

    var solids: [Shape3D] { mediastinalSolids + belowDiaphragm }

    init(_ h: Habitus, rng: inout PhantomRNG) {
        let zc = h.carina
        let chest = h.thorax(zc)
        let belly = h.thorax(h.domeRight)
        let cx = h.centreX
        let trachea = h.tracheaY(zc)
        var parts: [Primitive] = []
        var solids: [Shape3D] = []

        let mediastinum = Shape3D.loft(([h.domeRight - 20] + h.bodyKeyHeights.filter { $0 > h.domeRight }).map { z in
            let box = h.thorax(z)
            let front = box.cy - box.b, back = h.vertebraY(z) + 8
            let t = h.fraction(z)
            return LoftKey(z: z, cx: cx + 4, cy: (front + back) / 2,
                           a: 28 + 12 * smoothstep(0.85, 0.55, t), b: (back - front) / 2)
        })
        parts.append(Primitive(mediastinum, Paint(-90)))
        solids.append(mediastinum)

        // Heart in its fat, the left atrium behind it.
        let heartHalfHeight = rng.uniform(48...56)
        let heartCentre = Point3D(x: cx + 0.14 * chest.a, y: chest.cy - 0.2 * chest.b, z: h.domeRight + 26)
        let heartA = chest.a * rng.uniform(0.42...0.5), heartB = chest.b * rng.uniform(0.44...0.52)
        let heartAngle = -rng.uniform(0.45...0.7)
        self.heartCentre = heartCentre
        let heart = Shape3D.ellipsoid(centre: heartCentre, a: heartA, b: heartB, c: heartHalfHeight, angle: heartAngle)
        let pericardium = heart.grown(by: 5)
        parts.append(Primitive(pericardium, Paint(-95)))
        parts.append(Primitive(heart, Paint(TissueHU.blood)))
        let atrium = Shape3D.ellipsoid(centre: Point3D(x: cx + 4, y: h.vertebraY(zc - 40) - 36, z: zc - 42),
                                       a: 32, b: 17, c: 22, angle: 0)
        parts.append(Primitive(atrium, Paint(TissueHU.blood)))
        solids += [pericardium, atrium]

        // Aorta: ascending, arch over the left bronchus, descending beside the spine.
        let heartTop = heartCentre.z + heartHalfHeight
        let aortaRadius = rng.uniform(11.5...15)
        let descendingX = cx + 22 + aortaRadius * 0.4
        let ascending = Point3D(x: cx - 0.16 * chest.a, y: chest.cy - 0.3 * chest.b, z: zc + 10)
        let descendingTop = Point3D(x: descendingX, y: h.vertebraY(zc) - 14, z: zc + 16)
        let aorta = [
            Point3D(x: cx, y: chest.cy - 0.12 * chest.b, z: heartTop - 25),
            ascending,
            Point3D(x: cx + 4, y: (ascending.y + descendingTop.y) / 2 - 6, z: zc + 32),
            descendingTop,
            Point3D(x: descendingX, y: h.vertebraY(h.domeRight) - 15, z: h.domeRight),
            Point3D(x: cx + 8, y: h.vertebraY(-60) - 22, z: -120),
        ]
        for (i, pair) in zip(aorta, aorta.dropFirst()).enumerated() {
            let r = i < 2 ? aortaRadius : aortaRadius * 0.88
            let vessel = Shape3D.capsule(Capsule(pair.0, pair.1, radius: r))
            parts.append(Primitive(vessel, Paint(TissueHU.blood)))
            solids.append(vessel)
        }
        let archTop = aorta[2]
        let branchTops = [(-22.0, -18.0, 6.0), (10.0, -14.0, 4.5), (26.0, -2.0, 5.0)]
        for (dx, dy, r) in branchTops {
            let base = Point3D(x: archTop.x + dx * 0.5, y: archTop.y + 4, z: archTop.z)
            let top = Point3D(x: cx + dx, y: trachea + dy, z: h.apex + 80)
            parts.append(Primitive(.capsule(Capsule(base, top, radius: r)), Paint(TissueHU.blood)))
        }
        // The superior vena cava runs down behind and to the right of the ascending aorta.
        let cava = Shape3D.capsule(Capsule(Point3D(x: cx - 24, y: ascending.y + 16, z: h.apex + 80),
                                           Point3D(x: cx - 28, y: ascending.y + 20, z: zc - 30),
                                           radius: rng.uniform(8...11)))
        parts.append(Primitive(cava, Paint(TissueHU.blood)))
        solids.append(cava)

        // Pulmonary trunk and arteries; their ends at the hila start the arterial trees.
        let bifurcation = Point3D(x: cx + 12, y: trachea + 4, z: zc - 12)
        let trunk = Capsule(Point3D(x: cx + 0.12 * chest.a, y: chest.cy - 0.3 * chest.b, z: heartTop - 10),
                            bifurcation, radius: rng.uniform(11...14))
        let hila = [Point3D(x: cx - 0.33 * chest.a, y: trachea + 10, z: zc - 18),
                    Point3D(x: cx + 0.33 * chest.a, y: trachea + 14, z: zc - 6)]
        for vessel in [trunk] + hila.map({ Capsule(bifurcation, $0, r0: 10, r1: 8.5) }) {
            parts.append(Primitive(.capsule(vessel), Paint(TissueHU.blood)))
            solids.append(.capsule(vessel))
        }
        arteryRoots = hila
        veinRoots = [-1.0, 1.0].map { Point3D(x: cx + $0 * 0.24 * chest.a, y: h.vertebraY(zc) - 40, z: zc - 44) }

        // Oesophagus, then trachea and main bronchi as a wall with an air lumen.
        parts.append(Primitive(h.loft { LoftKey(z: $0, cx: cx + 7, cy: h.vertebraY($0) - 27, a: 8, b: 6) },
                               Paint(35)))
        let tracheaRadius = rng.uniform(8...10.5)
        let tracheaTube = LoftKey(z: 0, cx: cx - 1, cy: trachea, a: tracheaRadius * 1.05, b: tracheaRadius)
        let carinaPoint = Point3D(x: cx - 1, y: trachea, z: zc)
        bronchusRoots = [Point3D(x: cx - 0.26 * chest.a, y: trachea + 10, z: zc - 22),
                         Point3D(x: cx + 0.28 * chest.a, y: trachea + 14, z: zc - 34)]
        let airways: [Shape3D] = [.column(tracheaTube, from: zc, to: h.apex + 150),
                                  .capsule(Capsule(carinaPoint, bronchusRoots[0], radius: 7)),
                                  .capsule(Capsule(carinaPoint, bronchusRoots[1], radius: 6))]
        parts += airways.map { Primitive($0.grown(by: 2), Paint(TissueHU.muscle)) }
        parts += airways.map { Primitive($0, Paint(TissueHU.air)) }

        // Below the diaphragm: liver on the right; on the left a muscular dome over fat, stomach and spleen.
        let liver = Shape3D.ellipsoid(centre: Point3D(x: cx - 0.28 * belly.a, y: belly.cy - 0.12 * belly.b, z: h.domeRight - 90),
                                      a: belly.a, b: belly.b, c: 90, angle: 0)
        let domeCentre = Point3D(x: cx + 0.3 * belly.a, y: belly.cy - 0.12 * belly.b, z: h.domeLeft - 90)
        let leftDome = Shape3D.ellipsoid(centre: domeCentre, a: 0.95 * belly.a, b: belly.b, c: 90, angle: 0)
        let thorax = Clip(shape: h.loft(h.thorax))
        parts.append(Primitive(liver, Paint(TissueHU.liver), clips: [thorax]))
        parts.append(Primitive(leftDome, Paint(35), clips: [thorax]))
        parts.append(Primitive(leftDome.grown(by: -5), Paint(-70), clips: [thorax]))
        let stomach = Shape3D.ellipsoid(centre: Point3D(x: cx + 0.32 * belly.a, y: belly.cy - 0.18 * belly.b, z: h.domeLeft - 50),
                                        a: 0.32 * belly.a, b: 0.3 * belly.b, c: 45, angle: 0)
        parts.append(Primitive(stomach, Paint(25)))
        parts.append(Primitive(.ellipsoid(centre: Point3D(x: cx + 0.32 * belly.a, y: belly.cy - 0.3 * belly.b, z: h.domeLeft - 14),
                                          a: 0.22 * belly.a, b: 0.14 * belly.b, c: 16, angle: 0),
                               Paint(TissueHU.air), clips: [Clip(shape: stomach)]))
        parts.append(Primitive(.ellipsoid(centre: Point3D(x: cx + 0.6 * belly.a, y: belly.cy + 0.45 * belly.b, z: h.domeLeft - 50),
                                          a: 0.2 * belly.a, b: 0.32 * belly.b, c: 50, angle: -0.7),
                               Paint(45), clips: [thorax]))
        belowDiaphragm = [liver, leftDome]

        primitives = parts
        mediastinalSolids = solids
    }
}
