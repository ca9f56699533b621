import Foundation

/// A rotated ellipse in the slice plane (mm). Most of the anatomy cuts to one of these.
struct Ellipse2D: Sendable {
    var cx, cy, a, b: Double
    var cosA, sinA: Double

    init(cx: Double, cy: Double, a: Double, b: Double, angle: Double = 0) {
        self.cx = cx
        self.cy = cy
        self.a = a
        self.b = b
        cosA = angle == 0 ? 1 : cos(angle)
        sinA = angle == 0 ? 0 : sin(angle)
    }

    /// Approximate signed distance (negative inside): exact for circles and first-order accurate
    /// near the boundary, which is the only place where anti-aliasing needs it.
    @inline(__always)
    func distance(_ x: Double, _ y: Double) -> Double {
        let dx = x - cx, dy = y - cy
        let u = dx * cosA + dy * sinA
        let v = dy * cosA - dx * sinA
        let ua = u / (a * a), vb = v / (b * b)
        let q = (u * ua + v * vb).squareRoot()
        let g = (ua * ua + vb * vb).squareRoot()
        return g > 1e-12 ? (q - 1) * q / g : -min(a, b)
    }

    /// The x interval where row `y` lies inside the ellipse grown by `grow` mm on both axes.
    func span(atY y: Double, grow: Double) -> ClosedRange<Double>? {
        let ga = a + grow, gb = b + grow
        guard ga > 0, gb > 0 else { return nil }
        let dy = y - cy
        let ia = 1 / (ga * ga), ib = 1 / (gb * gb)
        let qa = cosA * cosA * ia + sinA * sinA * ib
        let qb = 2 * dy * cosA * sinA * (ia - ib)
        let qc = dy * dy * (sinA * sinA * ia + cosA * cosA * ib) - 1
        let disc = qb * qb - 4 * qa * qc
        guard disc >= 0 else { return nil }
        let root = disc.squareRoot()
        return (cx + (-qb - root) / (2 * qa))...(cx + (-qb + root) / (2 * qa))
    }

    var bounds: Box2D {
        let hx = (a * a * cosA * cosA + b * b * sinA * sinA).squareRoot()
        let hy = (a * a * sinA * sinA + b * b * cosA * cosA).squareRoot()
        return Box2D(minX: cx - hx, maxX: cx + hx, minY: cy - hy, maxY: cy + hy)
    }

    /// How far the distance approximation can be off on the long side: used to widen spans.
    var elongation: Double { min(max(a, b) / max(min(a, b), 1e-9), 4) }
}

/// A tapered cylinder with rounded ends between two points: vessels, bronchi, ribs, spicules.
struct Capsule: Sendable {
    let p0, p1: Point3D
    let r0, r1: Double
    private let axis: Point3D
    private let inverseLengthSquared: Double

    init(_ p0: Point3D, _ p1: Point3D, r0: Double, r1: Double) {
        self.p0 = p0
        self.p1 = p1
        self.r0 = r0
        self.r1 = r1
        axis = p1 - p0
        inverseLengthSquared = 1 / max(axis.dot(axis), 1e-12)
    }

    init(_ p0: Point3D, _ p1: Point3D, radius: Double) {
        self.init(p0, p1, r0: radius, r1: radius)
    }

    var zRange: ClosedRange<Double> {
        let r = max(r0, r1)
        return (min(p0.z, p1.z) - r)...(max(p0.z, p1.z) + r)
    }

    /// Signed distance within the slice plane at `z`: the 3-D distance divided by how steeply it
    /// changes in-plane, so a vessel cut obliquely still gets a one-pixel anti-aliased edge.
    @inline(__always)
    func distance(_ x: Double, _ y: Double, _ z: Double) -> Double {
        let px = x - p0.x, py = y - p0.y, pz = z - p0.z
        let t = min(max((px * axis.x + py * axis.y + pz * axis.z) * inverseLengthSquared, 0), 1)
        let ex = px - t * axis.x, ey = py - t * axis.y, ez = pz - t * axis.z
        let inPlane = ex * ex + ey * ey
        let dist = (inPlane + ez * ez).squareRoot()
        let radius = r0 + t * (r1 - r0)
        guard dist > 1e-9 else { return -radius }
        return (dist - radius) * dist / max(inPlane.squareRoot(), 0.3 * dist)
    }

    /// The in-plane box of the part of the capsule that the plane at `z` can touch.
    func bounds(atZ z: Double) -> Box2D {
        let r = max(r0, r1)
        var t0 = 0.0, t1 = 1.0
        if abs(axis.z) > 1e-9 {
            let ta = (z - r - p0.z) / axis.z, tb = (z + r - p0.z) / axis.z
            t0 = max(0, min(ta, tb))
            t1 = min(1, max(ta, tb))
        }
        let a = p0 + axis * t0, b = p0 + axis * t1
        return Box2D(minX: min(a.x, b.x) - r, maxX: max(a.x, b.x) + r,
                     minY: min(a.y, b.y) - r, maxY: max(a.y, b.y) + r)
    }
}

/// One key of a loft: the ellipse a tube-like organ has at height `z`.
struct LoftKey: Sendable {
    var z, cx, cy, a, b: Double
    var angle: Double = 0
}

/// A shape defined in millimetres that can be cut at any height.
enum Shape3D: Sendable {
    /// Ellipses interpolated between keys sorted by z (body, lungs, trachea): the cross-section
    /// changes smoothly with height.
    case loft([LoftKey])
    /// An ellipsoid with semi-axes `a` (x), `b` (y), `c` (z), turned by `angle` about the z axis.
    case ellipsoid(centre: Point3D, a: Double, b: Double, c: Double, angle: Double)
    case capsule(Capsule)

    static func sphere(_ centre: Point3D, radius: Double) -> Shape3D {
        .ellipsoid(centre: centre, a: radius, b: radius, c: radius, angle: 0)
    }

    /// A straight elliptic cylinder between two heights.
    static func column(_ ellipse: LoftKey, from z0: Double, to z1: Double) -> Shape3D {
        var bottom = ellipse, top = ellipse
        bottom.z = min(z0, z1)
        top.z = max(z0, z1)
        return .loft([bottom, top])
    }

    var zRange: ClosedRange<Double> {
        switch self {
        case .loft(let keys): keys[0].z...keys[keys.count - 1].z
        case .ellipsoid(let c, _, _, let h, _): (c.z - h)...(c.z + h)
        case .capsule(let capsule): capsule.zRange
        }
    }

    /// The cut at height `z`, or nil when the plane misses the shape.
    func section(atZ z: Double) -> Part? {
        switch self {
        case .loft(let keys):
            guard let upper = keys.firstIndex(where: { $0.z >= z }) else { return nil }
            if upper == 0 {
                guard keys[0].z == z else { return nil }
                return .ellipse(Ellipse2D(key: keys[0]))
            }
            let lo = keys[upper - 1], hi = keys[upper]
            let t = (z - lo.z) / max(hi.z - lo.z, 1e-9)
            return .ellipse(Ellipse2D(cx: lerp(lo.cx, hi.cx, t), cy: lerp(lo.cy, hi.cy, t),
                                      a: lerp(lo.a, hi.a, t), b: lerp(lo.b, hi.b, t),
                                      angle: lerp(lo.angle, hi.angle, t)))
        case .ellipsoid(let c, let a, let b, let h, let angle):
            let k = 1 - ((z - c.z) / h) * ((z - c.z) / h)
            guard k > 0 else { return nil }
            let s = k.squareRoot()
            return .ellipse(Ellipse2D(cx: c.x, cy: c.y, a: a * s, b: b * s, angle: angle))
        case .capsule(let capsule):
            return capsule.zRange.contains(z) ? .capsule(capsule, z: z) : nil
        }
    }

    /// The same shape `width` mm thicker all round (thinner when negative): walls around lumens,
    /// cortex around marrow.
    func grown(by width: Double) -> Shape3D {
        switch self {
        case .loft(let keys):
            .loft(keys.map { LoftKey(z: $0.z, cx: $0.cx, cy: $0.cy, a: $0.a + width, b: $0.b + width, angle: $0.angle) })
        case .ellipsoid(let centre, let a, let b, let c, let angle):
            .ellipsoid(centre: centre, a: a + width, b: b + width, c: c + width, angle: angle)
        case .capsule(let capsule):
            .capsule(Capsule(capsule.p0, capsule.p1, r0: capsule.r0 + width, r1: capsule.r1 + width))
        }
    }

    /// Signed in-plane distance from a point to the shape's cut at that point's height
    /// (+infinity when the plane misses the shape): used for placement, not for pixels.
    func distance(to p: Point3D) -> Double {
        section(atZ: p.z)?.distance(p.x, p.y) ?? .infinity
    }
}

extension Ellipse2D {
    init(key: LoftKey) {
        self.init(cx: key.cx, cy: key.cy, a: key.a, b: key.b, angle: key.angle)
    }
}

/// A shape cut by one slice plane.
enum Part: Sendable {
    case ellipse(Ellipse2D)
    case capsule(Capsule, z: Double)

    @inline(__always)
    func distance(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .ellipse(let e): e.distance(x, y)
        case .capsule(let c, let z): c.distance(x, y, z)
        }
    }

    var bounds: Box2D {
        switch self {
        case .ellipse(let e): e.bounds
        case .capsule(let c, let z): c.bounds(atZ: z)
        }
    }
}
