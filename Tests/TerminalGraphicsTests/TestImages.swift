import Foundation
import TerminalGraphics

/// A seeded generator so test images are identical on every run and machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u = max(unit(), 1e-12), v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

enum TestImages {
    /// A synthetic axial chest-CT-like slice: air, a body ellipse with a gentle gradient, dark lungs with small
    /// vessels, heart, contrast-filled aorta, spine and ribs, thin bright lines and seeded noise. Like a real
    /// slice it is made on a square-pixel grid of CT resolution (3.2 x 6.4 pixels per cell, 512 x 320 for
    /// 160 x 50 cells) and resampled bilinearly to `cols * 8` x `rows * 8` subpixels, as the app does.
    static func ctLike(cols: Int = 160, rows: Int = 50, seed: UInt64 = 7, fineDetail: Bool = true) -> GrayImage {
        let width = cols * 16 / 5, height = rows * 32 / 5
        let unit = Double(width) / 512
        var painter = Painter(width: width, height: height)
        var random = SplitMix64(seed: seed)
        let cx = Double(width) / 2, cy = Double(height) / 2
        let body = (rx: Double(width) * 0.44, ry: Double(height) * 0.45)
        painter.ellipse(cx: cx, cy: cy, rx: body.rx, ry: body.ry) { x, y in 0.30 + 0.10 * (x - cx) / body.rx + 0.04 * (y - cy) / body.ry }
        for side in [-1.0, 1.0] {
            let lx = cx + side * body.rx * 0.38, ly = cy - body.ry * 0.08
            let lung = (rx: body.rx * 0.30, ry: body.ry * 0.62)
            painter.ellipse(cx: lx, cy: ly, rx: lung.rx, ry: lung.ry) { _, y in 0.04 + 0.05 * (y - ly + lung.ry) / (2 * lung.ry) }
            for _ in 0..<(fineDetail ? 40 : 0) {
                let angle = random.uniform(0...(2 * .pi)), radius = random.unit().squareRoot() * 0.9
                let r = random.uniform(0.8...3) * unit
                painter.ellipse(cx: lx + cos(angle) * radius * lung.rx, cy: ly + sin(angle) * radius * lung.ry, rx: r, ry: r) { _, _ in 0.45 }
            }
        }
        painter.ellipse(cx: cx + body.rx * 0.08, cy: cy + body.ry * 0.12, rx: body.rx * 0.22, ry: body.ry * 0.3) { x, y in
            0.42 + 0.06 * sin((x + y) / (25 * unit))
        }
        painter.ellipse(cx: cx + body.rx * 0.12, cy: cy + body.ry * 0.55, rx: 12 * unit, ry: 12 * unit) { _, _ in 0.75 }
        painter.ellipse(cx: cx, cy: cy + body.ry * 0.78, rx: 24 * unit, ry: 22 * unit) { _, _ in 0.97 }
        painter.ellipse(cx: cx, cy: cy + body.ry * 0.78, rx: 15 * unit, ry: 13 * unit) { _, _ in 0.55 }
        for index in 0..<14 {
            let angle = Double.pi * (0.15 + 0.7 * Double(index) / 13) * (index % 2 == 0 ? 1 : -1) + .pi / 2
            painter.ellipse(cx: cx + cos(angle) * body.rx * 0.93, cy: cy - sin(angle) * body.ry * 0.93, rx: 6 * unit, ry: 5 * unit) { _, _ in 0.9 }
        }
        for _ in 0..<(fineDetail ? 6 : 0) {
            let x0 = random.uniform(cx - body.rx * 0.8...cx + body.rx * 0.8), y0 = random.uniform(cy - body.ry * 0.7...cy + body.ry * 0.7)
            let angle = random.uniform(0...(.pi)), length = random.uniform(60...200) * unit
            painter.line(x0: x0, y0: y0, x1: x0 + cos(angle) * length, y1: y0 + sin(angle) * length,
                         halfWidth: random.uniform(0.5...1.2), value: random.uniform(0.7...1.0))
        }
        if fineDetail { painter.addNoise(sigma: 0.02, random: &random) }
        return resampleBilinear(painter.image, width: cols * 8, height: rows * 8)
    }

    /// Pixel-centre-aligned bilinear resampling, the caller's job in the app.
    static func resampleBilinear(_ image: GrayImage, width: Int, height: Int) -> GrayImage {
        var output = GrayImage(width: width, height: height)
        let sx = Double(image.width) / Double(width), sy = Double(image.height) / Double(height)
        for y in 0..<height {
            let fy = min(max((Double(y) + 0.5) * sy - 0.5, 0), Double(image.height - 1))
            let y0 = Int(fy), y1 = min(y0 + 1, image.height - 1), ty = Float(fy - Double(y0))
            for x in 0..<width {
                let fx = min(max((Double(x) + 0.5) * sx - 0.5, 0), Double(image.width - 1))
                let x0 = Int(fx), x1 = min(x0 + 1, image.width - 1), tx = Float(fx - Double(x0))
                let top = image[x0, y0] + (image[x1, y0] - image[x0, y0]) * tx
                let bottom = image[x0, y1] + (image[x1, y1] - image[x0, y1]) * tx
                output[x, y] = top + (bottom - top) * ty
            }
        }
        return output
    }

    /// A small slice with a two-blob heatmap (turbo, half opacity, transparent below 0.25).
    static func overlayScene(cols: Int = 40, rows: Int = 20) -> (GrayImage, HeatmapOverlay) {
        let gray = ctLike(cols: cols, rows: rows, seed: 11)
        let width = gray.width, height = gray.height
        var values = [Float](repeating: 0, count: width * height)
        let blobs = [(x: 0.35, y: 0.4, s: 0.12, a: 1.0), (x: 0.7, y: 0.65, s: 0.08, a: 0.7)]
        for y in 0..<height {
            for x in 0..<width {
                let u = Double(x) / Double(width), v = Double(y) / Double(height)
                let value = blobs.reduce(0.0) { sum, blob in
                    let d2 = ((u - blob.x) * (u - blob.x) + (v - blob.y) * (v - blob.y)) / (blob.s * blob.s)
                    return sum + blob.a * exp(-d2)
                }
                values[y * width + x] = Float(min(value, 1))
            }
        }
        return (gray, HeatmapOverlay(values: values, colorMap: .turbo, opacity: 0.5, threshold: 0.25))
    }

    /// The cells `columns` x `rows` of an image, as a new image.
    static func crop(_ image: GrayImage, columns: Range<Int>, rows: Range<Int>) -> GrayImage {
        GrayImage(width: columns.count * 8, height: rows.count * 8,
                  pixels: cropPixels(image.pixels, width: image.width, columns: columns, rows: rows))
    }

    static func crop(_ image: RGBImage, columns: Range<Int>, rows: Range<Int>) -> RGBImage {
        RGBImage(width: columns.count * 8, height: rows.count * 8,
                 pixels: cropPixels(image.pixels, width: image.width, columns: columns, rows: rows))
    }

    private static func cropPixels<Pixel>(_ pixels: [Pixel], width: Int, columns: Range<Int>, rows: Range<Int>) -> [Pixel] {
        (rows.lowerBound * 8..<rows.upperBound * 8).flatMap { y in
            pixels[y * width + columns.lowerBound * 8..<y * width + columns.upperBound * 8]
        }
    }
}

/// Paints anti-aliased shapes onto a square-pixel grey image, each within its bounding box.
private struct Painter {
    private(set) var image: GrayImage

    init(width: Int, height: Int) {
        image = GrayImage(width: width, height: height, value: 0.01)
    }

    /// Fills an ellipse with `value(x, y)`, blending about one pixel at the edge.
    mutating func ellipse(cx: Double, cy: Double, rx: Double, ry: Double, value: (Double, Double) -> Double) {
        paint(x0: cx - rx - 2, x1: cx + rx + 2, y0: cy - ry - 2, y1: cy + ry + 2) { x, y in
            let d = ((x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry)).squareRoot()
            return ((1 - d) * min(rx, ry) + 0.5, value(x, y))
        }
    }

    mutating func line(x0: Double, y0: Double, x1: Double, y1: Double, halfWidth: Double, value: Double) {
        let dx = x1 - x0, dy = y1 - y0, length2 = dx * dx + dy * dy
        paint(x0: min(x0, x1) - 4, x1: max(x0, x1) + 4, y0: min(y0, y1) - 4, y1: max(y0, y1) + 4) { x, y in
            let t = max(0, min(1, ((x - x0) * dx + (y - y0) * dy) / length2))
            let px = x0 + t * dx - x, py = y0 + t * dy - y
            return (halfWidth + 0.5 - (px * px + py * py).squareRoot(), value)
        }
    }

    /// `shape` gives (coverage before clamping, value) at a physical point.
    private mutating func paint(x0: Double, x1: Double, y0: Double, y1: Double, shape: (Double, Double) -> (Double, Double)) {
        let width = image.width, height = image.height
        let columns = max(0, Int(x0))..<min(width, Int(x1) + 1)
        let rows = max(0, Int(y0))..<min(height, Int(y1) + 1)
        guard !columns.isEmpty, !rows.isEmpty else { return }
        for py in rows {
            for px in columns {
                let (coverage, value) = shape(Double(px) + 0.5, Double(py) + 0.5)
                let c = Float(max(0, min(1, coverage)))
                if c > 0 { image[px, py] = image[px, py] * (1 - c) + Float(value) * c }
            }
        }
    }

    mutating func addNoise(sigma: Double, random: inout SplitMix64) {
        for index in image.pixels.indices {
            image.pixels[index] = max(0, min(1, image.pixels[index] + Float(sigma * random.gaussian())))
        }
    }
}

/// Images shared by several tests, made once.
enum Fixtures {
    static let ct = TestImages.ctLike()
    static let ctCrop = TestImages.crop(ct, columns: 60..<80, rows: 20..<30)
    static let overlayScene = TestImages.overlayScene()
    /// The overlay scene composited, cropped around the stronger blob so both colour and grey cells appear.
    static let colorCrop = TestImages.crop(composite(overlayScene.0, overlay: overlayScene.1), columns: 8..<28, rows: 3..<13)
}
