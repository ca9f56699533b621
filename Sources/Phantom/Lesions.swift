import Foundation

/// Where in the paint order a finding belongs.
enum FindingLayer: Sendable {
    /// Haze over lung parenchyma only: painted before the vessels so they stay visible through it.
    case parenchyma
    /// Destroyed lung: holes painted after the vessels, which they interrupt, and before the
    /// mediastinum, which covers any overlap.
    case airspace
    /// Fluid that displaces lung and vessels and lies behind the liver and spleen: painted after
    /// them, before the bones.
    case pleura
    /// Nodules: painted last, over whatever lung surrounds them.
    case nodule
}

/// A lesion's geometry: what to paint, and which of it counts as the lesion for masks.
struct LesionShape: Sendable {
    var kind: LesionKind
    var lobe: Lobe
    var centre: Point3D
    /// Sphere radius for nodules; a bounding radius for regions.
    var radius: Double
    /// The lesion itself: painted, and the union of their shapes is the lesion mask.
    var primitives: [Primitive]
    /// Painted just before the lesion but not part of it (a vessel brushing a nodule, the
    /// overall darkening of emphysematous lungs).
    var context: [Primitive] = []

    var diameterMM: Double { 2 * radius }

    var layer: FindingLayer {
        switch kind {
        case .groundGlassPatch: .parenchyma
        case .emphysemaCluster: .airspace
        case .pleuralFluid: .pleura
        default: .nodule
        }
    }
}

/// Builders for each kind of lesion. Nodules only paint over aerated lung, so a nodule touching a
/// vessel merges with it as on a real scan.
enum LesionBuilder {
    static func solidNodule(_ c: Point3D, radius r: Double, rng: inout PhantomRNG) -> [Primitive] {
        let hu = Float(rng.uniform(20...60))
        var parts = [Primitive(.ellipsoid(centre: c, a: r * rng.uniform(0.9...1.1), b: r * rng.uniform(0.9...1.1),
                                          c: r * rng.uniform(0.9...1.1), angle: rng.uniform(0...3)),
                               Paint(hu, onlyOver: Paint.lung))]
        if r >= 5 { parts += lobules(c, radius: r, count: rng.int(1...3), hu: hu, rng: &rng) }
        return parts
    }

    /// Wholly dense, or a dense centre in a soft-tissue rim.
    static func calcifiedNodule(_ c: Point3D, radius r: Double, rng: inout PhantomRNG) -> [Primitive] {
        if rng.chance(0.6) {
            return [Primitive(.sphere(c, radius: r), Paint(Float(rng.uniform(200...600)), onlyOver: Paint.lung))]
        }
        return [Primitive(.sphere(c, radius: r), Paint(Float(rng.uniform(25...55)), onlyOver: Paint.lung)),
                Primitive(.sphere(c, radius: r * rng.uniform(0.4...0.65)), Paint(Float(rng.uniform(400...800))))]
    }

    /// Lobulated core with radial strands that taper to nothing.
    static func spiculatedNodule(_ c: Point3D, radius r: Double, rng: inout PhantomRNG) -> [Primitive] {
        let hu = Float(rng.uniform(25...55))
        var parts = [Primitive(.sphere(c, radius: r * 0.9), Paint(hu, onlyOver: Paint.lung))]
        parts += lobules(c, radius: r, count: rng.int(2...4), hu: hu, rng: &rng)
        for _ in 0..<rng.int(14...28) {
            var direction = randomDirection(&rng)
            direction.z *= 0.5
            direction = direction.normalized
            let tip = c + direction * (r * rng.uniform(1.4...2.4) + 2)
            parts.append(Primitive(.capsule(Capsule(c + direction * (r * 0.5), tip, r0: max(0.8, r * 0.18), r1: 0.35)),
                                   Paint(hu, onlyOver: Paint.lung)))
        }
        return parts
    }

    /// A solid core, off-centre, in a ground-glass halo.
    static func partSolidNodule(_ c: Point3D, radius r: Double, rng: inout PhantomRNG) -> [Primitive] {
        let core = c + randomDirection(&rng) * (r * rng.uniform(0...0.3))
        return [Primitive(.ellipsoid(centre: c, a: r, b: r * rng.uniform(0.8...1), c: r * rng.uniform(0.8...1),
                                     angle: rng.uniform(0...3)),
                          Paint(Float(rng.uniform(-600 ... -450)), onlyOver: Paint.parenchyma), softness: 1.5),
                Primitive(.sphere(core, radius: r * rng.uniform(0.3...0.5)), Paint(Float(rng.uniform(20...50)), onlyOver: Paint.lung))]
    }

    /// Overlapping hazy blobs with soft edges, kept inside the lung.
    static func groundGlass(_ c: Point3D, radius r: Double, lung: [Clip], rng: inout PhantomRNG) -> [Primitive] {
        let hu = Float(rng.uniform(-650 ... -450))
        return (0..<rng.int(2...4)).map { _ in
            let centre = c + randomDirection(&rng) * (r * rng.uniform(0...0.45))
            let size = r * rng.uniform(0.55...0.75)
            return Primitive(.ellipsoid(centre: centre, a: size * rng.uniform(0.8...1.2), b: size * rng.uniform(0.8...1.2),
                                        c: size * rng.uniform(0.7...1.1), angle: rng.uniform(0...3)),
                             Paint(hu, onlyOver: Paint.parenchyma), clips: lung, softness: rng.uniform(2...4))
        }
    }

    /// Holes without walls inside a sphere of radius `r`, each centred in aerated lung and cut to
    /// it; they wipe out the vessels they cross.
    static func emphysemaHoles(_ c: Point3D, radius r: Double, count: Int, maxHole: Double,
                               anatomy: Anatomy, rng: inout PhantomRNG) -> [Primitive] {
        let lung = [Clip(shape: anatomy.lungs[c.x < anatomy.habitus.centreX ? 0 : 1]), Clip(shape: anatomy.thorax)]
        var holes: [Primitive] = []
        var attempts = 0
        while holes.count < count, attempts < count * 20 {
            attempts += 1
            let p = c + randomDirection(&rng) * (r * cbrt(rng.unit()))
            let size = rng.chance(0.06) ? rng.uniform(6...12) : rng.uniform(1.5...maxHole)
            guard anatomy.isInLung(p, margin: 1) else { continue }
            holes.append(Primitive(.ellipsoid(centre: p, a: size * rng.uniform(0.8...1.2), b: size * rng.uniform(0.8...1.2),
                                              c: size, angle: rng.uniform(0...3)),
                                   Paint(Float(rng.uniform(-995 ... -975)), onlyOver: -1100...100), clips: lung))
        }
        return holes
    }

    /// A vessel running tangentially past a lesion: the reason real nodules are easy to miss.
    static func brushingVessel(_ c: Point3D, radius r: Double, rng: inout PhantomRNG) -> Primitive {
        let direction = randomDirection(&rng)
        let vesselRadius = rng.uniform(0.8...1.6)
        let offset = direction.anyPerpendicular * (r + vesselRadius * 0.5)
        let half = direction * rng.uniform(12...25)
        return Primitive(.capsule(Capsule(c + offset - half, c + offset + half, r0: vesselRadius, r1: vesselRadius * 0.8)),
                         Paint(TissueHU.blood, onlyOver: Paint.lung))
    }

    /// Bumps on a nodule's surface.
    private static func lobules(_ c: Point3D, radius r: Double, count: Int, hu: Float,
                                rng: inout PhantomRNG) -> [Primitive] {
        (0..<count).map { _ in
            Primitive(.sphere(c + randomDirection(&rng) * (r * 0.55), radius: r * rng.uniform(0.4...0.55)),
                      Paint(hu, onlyOver: Paint.lung))
        }
    }

    static func randomDirection(_ rng: inout PhantomRNG) -> Point3D {
        let z = rng.uniform(-1...1), phi = rng.uniform(0...(2 * .pi))
        let s = (1 - z * z).squareRoot()
        return Point3D(x: s * cos(phi), y: s * sin(phi), z: z)
    }
}
