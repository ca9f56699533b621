import Foundation

/// A point or direction in scene millimetres.
///
/// Axes follow the displayed image, not DICOM LPS, so that rendering needs no flips:
/// `x` grows to the image right (the patient's left), `y` grows downward (posterior),
/// `z` grows toward the head. The origin is the centre of the field of view; z = 0 is the lowest
/// point of the lungs.
public struct Point3D: Sendable, Codable, Equatable, Hashable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
}

extension Point3D {
    static func + (a: Point3D, b: Point3D) -> Point3D { Point3D(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    static func - (a: Point3D, b: Point3D) -> Point3D { Point3D(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    static func * (a: Point3D, k: Double) -> Point3D { Point3D(x: a.x * k, y: a.y * k, z: a.z * k) }

    func dot(_ b: Point3D) -> Double { x * b.x + y * b.y + z * b.z }
    func cross(_ b: Point3D) -> Point3D {
        Point3D(x: y * b.z - z * b.y, y: z * b.x - x * b.z, z: x * b.y - y * b.x)
    }
    var length: Double { dot(self).squareRoot() }
    var normalized: Point3D { self * (1 / max(length, 1e-12)) }

    /// Some unit vector perpendicular to this one.
    var anyPerpendicular: Point3D {
        let helper = abs(x) < 0.9 ? Point3D(x: 1, y: 0, z: 0) : Point3D(x: 0, y: 1, z: 0)
        return cross(helper).normalized
    }

    /// This direction turned by `angle` radians toward a random side: a random perpendicular is
    /// drawn so that branches fan out in three dimensions.
    func deviated(by angle: Double, rng: inout PhantomRNG) -> Point3D {
        let u = anyPerpendicular
        let v = cross(u).normalized
        let phi = rng.uniform(0...(2 * .pi))
        let side = u * cos(phi) + v * sin(phi)
        return (self * cos(angle) + side * sin(angle)).normalized
    }
}

/// An axis-aligned rectangle in slice millimetres.
struct Box2D {
    var minX, maxX, minY, maxY: Double

    func intersected(_ other: Box2D) -> Box2D {
        Box2D(minX: max(minX, other.minX), maxX: min(maxX, other.maxX),
              minY: max(minY, other.minY), maxY: min(maxY, other.maxY))
    }

    func overlaps(_ other: Box2D) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    func union(_ other: Box2D) -> Box2D {
        Box2D(minX: min(minX, other.minX), maxX: max(maxX, other.maxX),
              minY: min(minY, other.minY), maxY: max(maxY, other.maxY))
    }

    func expanded(by margin: Double) -> Box2D {
        Box2D(minX: minX - margin, maxX: maxX + margin, minY: minY - margin, maxY: maxY + margin)
    }
}

func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double { a + (b - a) * t }

/// 0 below `edge0`, 1 above `edge1`, smooth in between.
func smoothstep(_ edge0: Double, _ edge1: Double, _ x: Double) -> Double {
    let t = min(max((x - edge0) / (edge1 - edge0), 0), 1)
    return t * t * (3 - 2 * t)
}
