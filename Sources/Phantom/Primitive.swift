/// How a primitive changes the pixels it covers: blended toward `hu` by coverage, painter's order.
struct Paint: Sendable {
    var hu: Float
    /// HU added per millimetre toward posterior: the dependent lung is denser than the anterior lung.
    var huPerMMPosterior: Float = 0
    /// Only pixels whose current value lies in this range are painted, so a vessel tree can be drawn
    /// as a whole and still only show where there is lung around it.
    var onlyOver: ClosedRange<Float> = -Float.infinity...Float.infinity

    init(_ hu: Float, huPerMMPosterior: Float = 0, onlyOver: ClosedRange<Float> = -Float.infinity...Float.infinity) {
        self.hu = hu
        self.huPerMMPosterior = huPerMMPosterior
        self.onlyOver = onlyOver
    }

    /// Aerated lung of any kind (normal, hazy, holes), but not vessels, fluid or soft tissue.
    static let lung: ClosedRange<Float> = -1100 ... -300
    /// Lung parenchyma only: what ground glass and emphysema change.
    static let parenchyma: ClosedRange<Float> = -1100 ... -650
}

/// A second shape that limits a primitive to its inside (or, inverted, its outside).
struct Clip: Sendable {
    var shape: Shape3D
    var inverted = false
}

/// One shape of the scene with its paint.
struct Primitive: Sendable {
    var shape: Shape3D
    var paint: Paint
    var clips: [Clip]
    /// Extra edge blur in mm, for lesions whose borders are hazy rather than sharp.
    var softness: Double
    /// Heights the primitive can touch, for skipping it cheaply on other slices.
    let zRange: ClosedRange<Double>

    init(_ shape: Shape3D, _ paint: Paint, clips: [Clip] = [], softness: Double = 0) {
        self.shape = shape
        self.paint = paint
        self.clips = clips
        self.softness = softness
        var range = shape.zRange
        for clip in clips where !clip.inverted {
            let lower = max(range.lowerBound, clip.shape.zRange.lowerBound)
            range = lower...max(lower, min(range.upperBound, clip.shape.zRange.upperBound))
        }
        zRange = range
    }

    /// The cut at height `z`, or nil when nothing of the primitive lies in that plane. Inverted
    /// clips that miss the section's box are left out, as they cannot change it.
    func section(atZ z: Double) -> Section? {
        guard zRange.contains(z), let primary = shape.section(atZ: z) else { return nil }
        var parts = [primary], cutouts: [Part] = []
        for clip in clips {
            guard let part = clip.shape.section(atZ: z) else {
                if clip.inverted { continue } else { return nil }
            }
            if clip.inverted { cutouts.append(part) } else { parts.append(part) }
        }
        let box = parts.dropFirst().reduce(primary.bounds) { $0.intersected($1.bounds) }
        return Section(parts: parts, cutouts: cutouts.filter { $0.bounds.overlaps(box) }, bounds: box)
    }
}

/// A primitive cut by a slice: inside all `parts` and outside all `cutouts`, as a signed distance.
struct Section {
    /// The shape's cut first, then its clips.
    let parts: [Part]
    let cutouts: [Part]
    let bounds: Box2D

    /// Stops once the distance reaches `cutoff`: beyond it the caller only needs to know the
    /// point is outside, which keeps shapes with many clips (pleural fluid) cheap.
    @inline(__always)
    func distance(_ x: Double, _ y: Double, cutoff: Double = .infinity) -> Double {
        var d = -Double.infinity
        for part in parts {
            d = max(d, part.distance(x, y))
            if d >= cutoff { return d }
        }
        for cutout in cutouts {
            d = max(d, -cutout.distance(x, y))
            if d >= cutoff { return d }
        }
        return d
    }

    /// The parts when all are ellipses, whose rows can be solved exactly instead of sampled.
    var ellipses: [Ellipse2D]? {
        var result: [Ellipse2D] = []
        for part in parts {
            guard case .ellipse(let e) = part else { return nil }
            result.append(e)
        }
        return result
    }
}
