/// A single-channel image, values 0...1 (already windowed by the caller; 0 is black), row-major.
///
/// The renderer reads it through a fast one-channel path, so plain CT slices cost a third of an RGB image.
public struct GrayImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "GrayImage: pixels.count must equal width * height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, value: Float = 0) {
        self.init(width: width, height: height, pixels: [Float](repeating: value, count: width * height))
    }

    public subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}

/// A colour image, channels 0...255 as `Float`, row-major.
///
/// Float channels keep composited overlays and reconstructions exact enough to measure errors of a few units.
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [SIMD3<Float>]

    public init(width: Int, height: Int, pixels: [SIMD3<Float>]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "RGBImage: pixels.count must equal width * height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, color: SIMD3<Float> = .zero) {
        self.init(width: width, height: height, pixels: [SIMD3<Float>](repeating: color, count: width * height))
    }

    /// The grey image as RGB (0...1 scaled to 0...255 on every channel), for comparing against reconstructions.
    public init(_ gray: GrayImage) {
        self.init(width: gray.width, height: gray.height,
                  pixels: gray.pixels.map { SIMD3<Float>(repeating: $0 * 255) })
    }

    public subscript(x: Int, y: Int) -> SIMD3<Float> {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}

/// An 8-bit RGB colour: what a terminal colour looks like, and what a colour map yields.
public struct RGB: Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Rounds and clamps each channel to 0...255.
    public init(rounding v: SIMD3<Float>) {
        let c = v.rounded(.toNearestOrAwayFromZero).clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 255))
        self.init(UInt8(c.x), UInt8(c.y), UInt8(c.z))
    }

    public var vector: SIMD3<Float> { SIMD3(Float(r), Float(g), Float(b)) }
}
