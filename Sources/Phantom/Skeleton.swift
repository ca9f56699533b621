import Foundation

/// Spine, ribs, sternum, clavicles and scapulae: dense cortex around cancellous marrow.
struct Skeleton: Sendable {
    let primitives: [Primitive]
    /// The spine with its muscles, which the lungs wrap around but never enter.
    let solids: [Shape3D]

    init(_ h: Habitus, rng: inout PhantomRNG) {
        var parts: [Primitive] = []
        let cx = h.centreX
        let canalY = h.canalY

        for side in [-1.0, 1.0] {
            parts.append(Primitive(h.loft { LoftKey(z: $0, cx: cx + side * 26, cy: canalY($0) + 12, a: 18, b: 14) },
                                   Paint(45)))
        }
        // Discs: a continuous column that the vertebral bodies cover except for a gap per level.
        parts.append(Primitive(h.loft(h.vertebra), Paint(90)))

        // Vertebrae from above the apex down past any scan, each a body plus its arch and processes.
        let level = h.levelHeight
        var ribHeads: [Double] = []
        for i in 0..<18 {
            let top = h.apex + 30 - Double(i) * level
            let mid = top - level / 2
            let vertebra = Shape3D.column(h.vertebra(mid), from: top - 0.2 * level, to: top - level)
            parts.append(Primitive(vertebra, Paint(TissueHU.cortical)))
            parts.append(Primitive(vertebra.grown(by: -2.5), Paint(TissueHU.cancellous)))
            let canal = canalY(mid)
            let arch = LoftKey(z: mid, cx: cx, cy: canal, a: 15, b: 12.5)
            parts.append(Primitive(.column(arch, from: mid - 0.3 * level, to: mid + 0.15 * level), Paint(600)))
            let spinous = Capsule(Point3D(x: cx, y: canal + 8, z: mid),
                                  Point3D(x: cx, y: canal + 36, z: mid - 0.7 * level), r0: 5, r1: 3.5)
            parts.append(Primitive(.capsule(spinous), Paint(600)))
            for side in [-1.0, 1.0] {
                let process = Capsule(Point3D(x: cx + side * 8, y: canal, z: mid + 2),
                                      Point3D(x: cx + side * 31, y: canal + 8, z: mid + 2), radius: 5)
                parts.append(Primitive(.capsule(process), Paint(600)))
            }
            if (1...12).contains(i) { ribHeads.append(mid) }
        }
        parts.append(Primitive(h.loft { LoftKey(z: $0, cx: cx, cy: canalY($0), a: 9, b: 8) }, Paint(20)))

        parts += Skeleton.ribs(h, heads: ribHeads, rng: &rng)
        parts += Skeleton.sternumAndGirdle(h)
        primitives = parts
        solids = [h.loft { LoftKey(z: $0, cx: cx, cy: h.vertebraY($0) + 24, a: 46, b: 40) }]
    }

    /// Twelve pairs of ribs: from the spine they run back and out, follow the chest wall forward and
    /// drop several levels on the way, so an axial slice cuts each into a short arc.
    private static func ribs(_ h: Habitus, heads: [Double], rng: inout PhantomRNG) -> [Primitive] {
        var parts: [Primitive] = []
        let inset = h.fat + h.muscle * 0.45
        for (n, head) in heads.enumerated() {
            let drop = h.levelHeight * (n == 0 ? 1.2 : n == 1 ? 2 : rng.uniform(2.4...3))
            let end = n < 7 ? -Double.pi / 2 + 0.32 : n < 10 ? -Double.pi / 2 + 0.75 : -0.2
            let radius = n < 2 ? 2.8 : 3.4
            for side in [-1.0, 1.0] {
                var path = [Point3D(x: h.centreX + side * 24, y: h.canalY(head) - 4, z: head)]
                let steps = 14
                for k in 0...steps {
                    let u = Double(k) / Double(steps)
                    let z = head - drop * pow(u, 1.3)
                    let phi = lerp(Double.pi / 2 - 0.5, end, u)
                    let ring = h.ring(z, inset: inset)
                    path.append(Point3D(x: ring.cx + side * ring.a * cos(phi), y: ring.cy + ring.b * sin(phi), z: z))
                }
                for (a, b) in zip(path, path.dropFirst()) {
                    parts.append(Primitive(.capsule(Capsule(a, b, radius: radius)), Paint(650)))
                    parts.append(Primitive(.capsule(Capsule(a, b, radius: radius - 1.3)), Paint(220)))
                }
                if n < 7, let tip = path.last {
                    let joint = Point3D(x: h.centreX + side * 13, y: sternumY(h, tip.z - 6), z: tip.z - 6)
                    parts.append(Primitive(.capsule(Capsule(tip, joint, radius: radius)), Paint(TissueHU.cartilage)))
                }
            }
        }
        return parts
    }

    /// Front of the chest wall where the sternum and costal cartilages lie.
    private static func sternumY(_ h: Habitus, _ z: Double) -> Double {
        let ring = h.ring(z, inset: h.fat + h.muscle * 0.5)
        return ring.cy - ring.b + 2
    }

    private static func sternumAndGirdle(_ h: Habitus) -> [Primitive] {
        var parts: [Primitive] = []
        let cx = h.centreX
        let top = h.apex * 0.9, manubrium = h.carina + 15, xiphoid = h.domeRight + 5
        let sternum = Shape3D.loft([xiphoid, manubrium - 5, manubrium + 5, top].map { z in
            let wide = z > manubrium
            return LoftKey(z: z, cx: cx, cy: sternumY(h, z) + 3, a: wide ? 22 : 13, b: wide ? 8 : 6)
        })
        parts.append(Primitive(sternum, Paint(450)))
        parts.append(Primitive(sternum.grown(by: -2), Paint(200)))

        for side in [-1.0, 1.0] {
            let shoulder = h.skin(h.apex + 15)
            let clavicle = Capsule(Point3D(x: cx + side * 18, y: sternumY(h, top) - 3, z: top + 4),
                                   Point3D(x: cx + side * shoulder.a * 0.72, y: shoulder.cy - shoulder.b * 0.3, z: h.apex + 18),
                                   radius: 6.5)
            parts.append(Primitive(.capsule(clavicle), Paint(600)))
            parts.append(Primitive(.capsule(Capsule(clavicle.p0, clavicle.p1, radius: 4)), Paint(220)))

            let z = h.apex - 45
            let ring = h.ring(z, inset: h.fat)
            let centre = Point3D(x: ring.cx + side * 0.62 * ring.a, y: ring.cy + 0.7 * ring.b, z: z)
            parts.append(Primitive(.ellipsoid(centre: centre, a: 62, b: 17, c: 90, angle: -side * 0.55), Paint(45)))
            parts.append(Primitive(.ellipsoid(centre: centre, a: 50, b: 2.5, c: 75, angle: -side * 0.55), Paint(550)))
        }
        return parts
    }
}
