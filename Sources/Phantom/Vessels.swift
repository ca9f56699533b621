/// Pulmonary arteries, veins and bronchi as seeded random trees of tapering capsules, grown from the
/// hila into whatever lung surrounds them. A lung window shows them as the dots and branching lines
/// that make nodule detection hard.
struct AirwaysAndVessels: Sendable {
    /// Bronchial walls and lumens, then vessels, in paint order.
    let primitives: [Primitive]
    /// The vessel segments, so findings can be placed against them.
    let vessels: [Capsule]

    init(_ anatomy: Anatomy, rng: inout PhantomRNG) {
        var vessels: [Capsule] = []
        var bronchi: [Capsule] = []
        let viscera = anatomy.viscera
        for lung in 0..<2 {
            let arteries = Tree(root: viscera.arteryRoots[lung], radius: 3.0, minRadius: 0.45, limit: 4000)
            let veins = Tree(root: viscera.veinRoots[lung], radius: 2.8, minRadius: 0.45, limit: 3000)
            let airways = Tree(root: viscera.bronchusRoots[lung], radius: 3.5, minRadius: 1.3, limit: 250)
            vessels += arteries.grow(toward: anatomy.lungTargets(lung, count: 12, rng: &rng), in: anatomy, rng: &rng)
            vessels += veins.grow(toward: anatomy.lungTargets(lung, count: 12, rng: &rng), in: anatomy, rng: &rng)
            bronchi += airways.grow(toward: anatomy.lungTargets(lung, count: 10, rng: &rng), in: anatomy, rng: &rng)
            vessels += AirwaysAndVessels.twigs(from: viscera.arteryRoots[lung],
                                               at: anatomy.lungTargets(lung, count: 2400, depth: 1.5, rng: &rng), rng: &rng)
        }
        let walls = bronchi.map {
            Primitive(.capsule(Capsule($0.p0, $0.p1, r0: $0.r0 * 1.2 + 0.4, r1: $0.r1 * 1.2 + 0.4)),
                      Paint(TissueHU.muscle, onlyOver: Paint.lung))
        }
        let lumens = bronchi.map { Primitive(.capsule($0), Paint(TissueHU.air, onlyOver: -1100...100)) }
        let blood = vessels.map { Primitive(.capsule($0), Paint(TissueHU.blood, onlyOver: Paint.lung)) }
        primitives = walls + lumens + blood
        self.vessels = vessels
    }
}

extension AirwaysAndVessels {
    /// The finest vessels, scattered through the whole lung and pointing away from the hilum. Trees
    /// alone die out at the pleura long before they fill the periphery; real lungs show small dots
    /// and short lines almost up to the chest wall.
    fileprivate static func twigs(from hilum: Point3D, at points: [Point3D], rng: inout PhantomRNG) -> [Capsule] {
        points.map { p in
            let direction = (p - hilum).normalized.deviated(by: rng.uniform(0...0.5), rng: &rng)
            let radius = rng.uniform(0.45...0.85)
            return Capsule(p, p + direction * rng.uniform(6...14), r0: radius, r1: radius * 0.6)
        }
    }
}

/// One branching tree: a trunk from the root toward each target, and each segment splits into a
/// major child that carries on almost straight and a thinner minor child that turns away; both keep
/// leaning toward their trunk's target so the branches spread through the lung instead of curling.
private struct Tree {
    let root: Point3D
    let radius: Double
    let minRadius: Double
    /// Segment budget; growth is breadth-first so the budget trims only the finest branches.
    let limit: Int

    private struct Sprout {
        var start: Point3D
        var direction: Point3D
        var heading: Point3D
        /// Set for trunks, which run a fixed part of the way to their target before branching.
        var length: Double?
        var radius: Double
        var generation: Int
    }

    func grow(toward targets: [Point3D], in anatomy: Anatomy, rng: inout PhantomRNG) -> [Capsule] {
        var queue = targets.map {
            let heading = ($0 - root).normalized
            return Sprout(start: root, direction: heading, heading: heading, length: min(0.45 * ($0 - root).length, 70),
                          radius: radius, generation: 0)
        }
        var head = 0
        var segments: [Capsule] = []
        while head < queue.count, segments.count < limit {
            let sprout = queue[head]
            head += 1
            var length = sprout.length ?? min(max(sprout.radius * rng.uniform(5...9), rng.uniform(4...8)), 32)
            var end = sprout.start + sprout.direction * length
            if sprout.generation > 1, !anatomy.isInLung(end, margin: 1) {
                length *= 0.5
                end = sprout.start + sprout.direction * length
                if !anatomy.isInLung(end, margin: 1) { continue }
            }
            let endRadius = sprout.radius * 0.96
            segments.append(Capsule(sprout.start, end, r0: sprout.radius, r1: endRadius))
            let children = [(rng.uniform(0.15...0.4), rng.uniform(0.8...0.9)),
                            (rng.uniform(0.6...1.1), rng.uniform(0.62...0.8))]
            for (turn, shrink) in children where endRadius * shrink >= minRadius {
                let direction = (sprout.direction.deviated(by: turn, rng: &rng) + sprout.heading * 0.3).normalized
                queue.append(Sprout(start: end, direction: direction, heading: sprout.heading, radius: endRadius * shrink,
                                    generation: sprout.generation + 1))
            }
        }
        return segments
    }
}
