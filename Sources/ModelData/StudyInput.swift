import Imaging

/// How a study is shown to the model: every slice downsampled to `matrix` x `matrix` and seen through
/// a few CT windows, one channel each (the network cannot learn a window it never sees: a nodule and
/// an effusion need different ones). At most `maxSlices` slices, spread evenly over the study.
public struct StudyInputSpec: Sendable, Equatable, Codable {
    public var matrix: Int
    public var windows: [Window]
    public var maxSlices: Int

    public init(matrix: Int = 128, windows: [Window] = [Window(center: -600, width: 1500), Window(center: 50, width: 350)],
                maxSlices: Int = 64) {
        self.matrix = matrix
        self.windows = windows
        self.maxSlices = maxSlices
    }

    public var channels: Int { windows.count }

    /// Which of `count` slices the model sees: all of them, or `maxSlices` spread evenly (first and last included).
    public func sliceIndices(of count: Int) -> [Int] {
        guard count > maxSlices else { return Array(0..<count) }
        guard maxSlices > 1 else { return [count / 2] }
        return (0..<maxSlices).map { Int((Double($0) * Double(count - 1) / Double(maxSlices - 1)).rounded()) }
    }
}

/// One study as the model's input: `slices` x `channels` x `matrix` x `matrix` values in 0…1
/// (NCHW, the slices of a study are a batch), and which slice of the study each one is.
public struct StudyInput: Sendable {
    public let spec: StudyInputSpec
    public let sliceIndices: [Int]
    public let pixels: [Float]

    public var sliceCount: Int { sliceIndices.count }

    /// The product's path: HU slices of a volume (any size, from DICOM) area-averaged to the matrix,
    /// then windowed. Non-square slices are stretched to a square; CT slices are square in practice.
    public init(volume: Volume, spec: StudyInputSpec) {
        self.init(spec: spec, sliceIndices: spec.sliceIndices(of: volume.sliceCount)) { k in
            Resampler.resample(volume.slice(k), width: spec.matrix, height: spec.matrix).values
        }
    }

    /// Slices already at the matrix size, in HU (e.g. a phantom rendered directly at model resolution).
    public init(spec: StudyInputSpec, sliceCount: Int, hu: (Int) -> [Float]) {
        self.init(spec: spec, sliceIndices: spec.sliceIndices(of: sliceCount), hu: hu)
    }

    private init(spec: StudyInputSpec, sliceIndices: [Int], hu: (Int) -> [Float]) {
        self.spec = spec
        self.sliceIndices = sliceIndices
        let plane = spec.matrix * spec.matrix
        var pixels = [Float](repeating: 0, count: sliceIndices.count * spec.channels * plane)
        for (position, k) in sliceIndices.enumerated() {
            let values = hu(k)
            precondition(values.count == plane, "slice \(k) has \(values.count) values, expected \(plane)")
            for (channel, window) in spec.windows.enumerated() {
                let low = Float(window.center - window.width / 2), scale = Float(1 / window.width)
                let base = (position * spec.channels + channel) * plane
                for i in 0..<plane { pixels[base + i] = min(max((values[i] - low) * scale, 0), 1) }
            }
        }
        self.pixels = pixels
    }

    /// One channel of one slice (position in `sliceIndices`), row-major.
    public func plane(slice position: Int, channel: Int) -> ArraySlice<Float> {
        let size = spec.matrix * spec.matrix
        let base = (position * spec.channels + channel) * size
        return pixels[base..<base + size]
    }
}
