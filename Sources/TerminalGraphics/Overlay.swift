/// A heatmap laid over a grey image: `values` (0...1, one per pixel of the image) through `colorMap`,
/// blended with constant `opacity`; values below `threshold` (and NaN) are fully transparent, so weak
/// activations do not tint the anatomy.
public struct HeatmapOverlay: Sendable {
    public var values: [Float]
    public var colorMap: ColorMap
    public var opacity: Float
    public var threshold: Float

    public init(values: [Float], colorMap: ColorMap = .turbo, opacity: Float = 0.5, threshold: Float = 0) {
        self.values = values
        self.colorMap = colorMap
        self.opacity = opacity
        self.threshold = threshold
    }
}

/// Composites a grey image (0...1) and an optional overlay into RGB (0...255):
/// `gray * 255 * (1 - opacity) + colorMap(value) * opacity` where `value >= threshold`, plain grey elsewhere.
/// Public and pure so the PNG export shows exactly what the terminal shows.
public func composite(_ gray: GrayImage, overlay: HeatmapOverlay?) -> RGBImage {
    guard let overlay else { return RGBImage(gray) }
    precondition(overlay.values.count == gray.pixels.count, "overlay must have one value per pixel")
    let alpha = min(max(overlay.opacity, 0), 1)
    let table = overlay.colorMap.table
    var output = [SIMD3<Float>](repeating: .zero, count: gray.pixels.count)
    gray.pixels.withUnsafeBufferPointer { grays in
        overlay.values.withUnsafeBufferPointer { values in
            table.withUnsafeBufferPointer { table in
                output.withUnsafeMutableBufferPointer { output in
                    blend(grays, values, table, alpha: alpha, threshold: overlay.threshold, into: output)
                }
            }
        }
    }
    return RGBImage(width: gray.width, height: gray.height, pixels: output)
}

private func blend(_ grays: UnsafeBufferPointer<Float>, _ values: UnsafeBufferPointer<Float>,
                   _ table: UnsafeBufferPointer<SIMD3<Float>>, alpha: Float, threshold: Float,
                   into output: UnsafeMutableBufferPointer<SIMD3<Float>>) {
    for index in 0..<grays.count {
        let base = SIMD3<Float>(repeating: grays[index] * 255)
        let value = values[index]
        if value >= threshold {
            let tint = table[ColorMap.tableIndex(value)]
            output[index] = base + (tint - base) * alpha
        } else {
            output[index] = base
        }
    }
}
