import Foundation

/// The findings of one study and what its history says about earlier imaging, chosen together so
/// that `LabelRule` gives the study's label.
struct FindingPlan: Sendable {
    /// The lesion that decides the label comes first.
    let lesions: [LesionShape]
    let prior: PriorComparison

    init(label: PhantomLabel, anatomy: Anatomy, rng: inout PhantomRNG) {
        let planner = Planner(anatomy: anatomy)
        switch label {
        case .normal:
            lesions = []
            prior = rng.pick(weighted: [(.none, 0.75), (.resolved, 0.15), (.stable, 0.1)])
        case .benignNodule:
            (lesions, prior) = planner.benign(&rng)
        case .suspiciousNodule:
            (lesions, prior) = planner.suspicious(&rng)
        case .groundGlass:
            lesions = (0..<rng.int(1...3)).map { _ in planner.groundGlass(&rng) }
            prior = rng.pick(weighted: [(.none, 0.7), (.new, 0.2), (.resolved, 0.1)])
        case .emphysema:
            lesions = planner.emphysema(&rng)
            prior = rng.pick(weighted: [(.none, 0.85), (.resolved, 0.15)])
        case .effusion:
            let sides = rng.pick(weighted: [([0], 0.35), ([1], 0.35), ([0, 1], 0.3)])
            let height = rng.uniform(35...95), thickness = rng.uniform(8...40)
            lesions = sides.map { planner.pleuralFluid(lung: $0, height: height * rng.uniform(0.8...1),
                                                       thickness: thickness * rng.uniform(0.7...1), rng: &rng) }
            prior = rng.pick(weighted: [(.none, 0.85), (.resolved, 0.15)])
        }
    }

    /// The label the rule gives these lesions and this history.
    var ruleLabel: PhantomLabel {
        LabelRule.label(for: lesions.map { ($0.kind, $0.diameterMM) }, prior: prior)
    }
}

/// Places lesions in one patient's lungs.
private struct Planner {
    let anatomy: Anatomy

    func benign(_ rng: inout PhantomRNG) -> ([LesionShape], PriorComparison) {
        switch rng.weightedIndex([0.4, 0.3, 0.3]) {
        case 0:
            return ([calcified(&rng)] + extras(&rng, upTo: 2),
                    rng.pick(weighted: [(.none, 0.45), (.stable, 0.4), (.new, 0.1), (.resolved, 0.05)]))
        case 1:
            return ([nodule(.solidNodule, diameter: rng.uniform(3...5.5), &rng)] + extras(&rng, upTo: 1),
                    rng.pick(weighted: [(.none, 0.4), (.stable, 0.35), (.new, 0.2), (.resolved, 0.05)]))
        default:
            return ([intermediate(&rng)] + extras(&rng, upTo: 1), .stable)
        }
    }

    func suspicious(_ rng: inout PhantomRNG) -> ([LesionShape], PriorComparison) {
        let primary: LesionShape
        var prior = rng.pick(weighted: [(PriorComparison.grown, 0.35), (.new, 0.25), (.none, 0.3), (.stable, 0.1)])
        switch rng.weightedIndex([0.3, 0.25, 0.15, 0.3]) {
        case 0: primary = nodule(.spiculatedNodule, diameter: rng.uniform(8...25), &rng)
        case 1: primary = nodule(.partSolidNodule, diameter: rng.uniform(8...25), &rng)
        case 2: primary = nodule(.solidNodule, diameter: rng.uniform(10.5...20), &rng)
        default:
            primary = intermediate(&rng)
            prior = rng.chance(0.6) ? .grown : .new
        }
        return ([primary] + extras(&rng, upTo: rng.chance(0.3) ? 1 : 0), prior)
    }

    /// 6.5–9.5 mm smooth solid nodules: the class depends on the history.
    private func intermediate(_ rng: inout PhantomRNG) -> LesionShape {
        nodule(.solidNodule, diameter: rng.uniform(6.5...9.5), &rng)
    }

    private func calcified(_ rng: inout PhantomRNG) -> LesionShape {
        nodule(.calcifiedNodule, diameter: rng.uniform(3...7), &rng)
    }

    /// Incidental nodules that are benign whatever the history says.
    private func extras(_ rng: inout PhantomRNG, upTo count: Int) -> [LesionShape] {
        (0..<rng.int(0...count)).map { _ in
            rng.chance(0.5) ? calcified(&rng) : nodule(.solidNodule, diameter: rng.uniform(3...5), &rng)
        }
    }

    private func nodule(_ kind: LesionKind, diameter: Double, _ rng: inout PhantomRNG) -> LesionShape {
        let r = diameter / 2
        let c = anatomy.lungTargets(rng.int(0...1), count: 1, depth: r * 1.6 + 2, rng: &rng)[0]
        let primitives: [Primitive]
        switch kind {
        case .calcifiedNodule: primitives = LesionBuilder.calcifiedNodule(c, radius: r, rng: &rng)
        case .spiculatedNodule: primitives = LesionBuilder.spiculatedNodule(c, radius: r, rng: &rng)
        case .partSolidNodule: primitives = LesionBuilder.partSolidNodule(c, radius: r, rng: &rng)
        default: primitives = LesionBuilder.solidNodule(c, radius: r, rng: &rng)
        }
        let context = rng.chance(0.4) ? [LesionBuilder.brushingVessel(c, radius: r, rng: &rng)] : []
        return LesionShape(kind: kind, lobe: anatomy.lobe(of: c), centre: c, radius: r,
                           primitives: primitives, context: context)
    }

    func groundGlass(_ rng: inout PhantomRNG) -> LesionShape {
        let lung = rng.int(0...1)
        let r = rng.uniform(8...25)
        let c = anatomy.lungTargets(lung, count: 1, depth: r * 0.6, rng: &rng)[0]
        let clips = [Clip(shape: anatomy.lungs[lung]), Clip(shape: anatomy.thorax)]
        return LesionShape(kind: .groundGlassPatch, lobe: anatomy.lobe(of: c), centre: c, radius: r,
                           primitives: LesionBuilder.groundGlass(c, radius: r, lung: clips, rng: &rng))
    }

    /// Hole clusters, mostly in the upper lungs; one study in four is subtle (few, small holes).
    /// The first cluster carries the darkening of the whole lungs.
    func emphysema(_ rng: inout PhantomRNG) -> [LesionShape] {
        let subtle = rng.chance(0.25)
        let h = anatomy.habitus
        var clusters: [LesionShape] = []
        while clusters.count < (subtle ? rng.int(1...2) : rng.int(2...5)) {
            let r = rng.uniform(15...35)
            let c = anatomy.lungTargets(rng.int(0...1), count: 1, depth: 6, rng: &rng)[0]
            guard c.z > 0.45 * h.apex || rng.chance(0.25) else { continue }
            let holes = LesionBuilder.emphysemaHoles(c, radius: r, count: subtle ? rng.int(6...12) : rng.int(25...80),
                                                     maxHole: subtle ? 3 : 6, anatomy: anatomy, rng: &rng)
            guard !holes.isEmpty else { continue }
            clusters.append(LesionShape(kind: .emphysemaCluster, lobe: anatomy.lobe(of: c), centre: c, radius: r,
                                        primitives: holes))
        }
        let darker = Float(rng.uniform(8...20))
        clusters[0].context = anatomy.lungPrimitives.map {
            var lucent = $0
            lucent.paint = Paint($0.paint.hu - darker, huPerMMPosterior: $0.paint.huPerMMPosterior, onlyOver: Paint.parenchyma)
            return lucent
        }
        return clusters
    }

    /// A posterior crescent on one side of the chest: the thorax minus a copy of itself shifted
    /// forward by the fluid's depth, which shrinks to nothing `height` mm above the lung base.
    /// Painted over lung, vessels, liver and spleen (fluid lies behind them in a supine patient).
    func pleuralFluid(lung: Int, height: Double, thickness: Double, rng: inout PhantomRNG) -> LesionShape {
        let h = anatomy.habitus
        let bottom = anatomy.lungs[lung].zRange.lowerBound
        let side = lung == 0 ? -1.0 : 1.0
        var outer: [LoftKey] = [], inner: [LoftKey] = [], behind: [LoftKey] = [], beside: [LoftKey] = []
        for step in 0...8 {
            let t = Double(step) / 8
            let key = h.thorax(bottom + height * t)
            let depth = thickness * pow(1 - t, 0.8)
            outer.append(key)
            inner.append(LoftKey(z: key.z, cx: key.cx, cy: key.cy - depth, a: key.a, b: key.b))
            // Outer and shifted copy cross at cy - depth / 2; the fluid lies behind that line.
            behind.append(halfPlane(key.z, x: key.cx, y: key.cy - depth / 2 - 1, towards: (0, 1)))
            beside.append(halfPlane(key.z, x: h.centreX + side * 3, y: key.cy, towards: (side, 0)))
        }
        let clips = [Clip(shape: .loft(behind)), Clip(shape: .loft(beside)), Clip(shape: .loft(inner), inverted: true)]
            + (anatomy.viscera.mediastinalSolids + anatomy.skeleton.solids).map { Clip(shape: $0, inverted: true) }
        let fluid = Primitive(.loft(outer), Paint(Float(rng.uniform(5...20))), clips: clips)
        let base = outer[0]
        let centre = Point3D(x: base.cx + side * base.a * 0.5, y: base.cy + base.b - thickness / 2, z: bottom + height / 2)
        return LesionShape(kind: .pleuralFluid, lobe: anatomy.lobe(of: centre), centre: centre,
                           radius: height / 2, primitives: [fluid])
    }

    /// A circle so large that, within the body, it is the half-plane on the `towards` side of the
    /// line through (x, y); as a clip it also shrinks the pixels a primitive has to visit.
    private func halfPlane(_ z: Double, x: Double, y: Double, towards direction: (x: Double, y: Double)) -> LoftKey {
        let far = 10_000.0
        return LoftKey(z: z, cx: x + direction.x * far, cy: y + direction.y * far, a: far, b: far)
    }
}

extension PhantomRNG {
    mutating func pick<T>(weighted options: [(T, Double)]) -> T {
        options[weightedIndex(options.map(\.1))].0
    }
}
