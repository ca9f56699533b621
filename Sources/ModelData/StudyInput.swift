import Imaging

/// How a study is shown to the model: every slice downsampled to `matrix` x `matrix` and seen through
/// a few CT windows, one channel each (the network cannot learn a window it never sees: a nodule and
/// an effusion need different ones), plus `contextSlices` neighbours on each side in the first
/// window. At most `maxSlices` slices, spread evenly over the study.
///
/// Neighbours are meant to tell a nodule from a vessel: on one slice both are round and of soft-tissue
/// density, but a vessel runs on through the slices above and below, and a nodule ends (readers scroll
/// for the same reason). How far away they are is what matters, in millimetres: the adjacent slice of
/// a 1.25 mm series still shows the 4 mm nodule, so `contextSpacingMM` places them at a distance
/// rather than a slice count.
///
/// With `blob`, the last channel is the response of a Hessian blob filter (`BlobFilter`) over
/// the stack of the model's slices: what no single slice holds, whether a dot ends within a few
/// millimetres. It is computed on the spread of slices the model reads, so a study must be read whole
/// (`sliceIndices(of:)`), never as a few scattered slices.
public struct StudyInputSpec: Sendable, Equatable, Codable {
    public var matrix: Int
    public var windows: [Window]
    public var maxSlices: Int
    public var contextSlices: Int
    /// The d-th neighbour is the slice nearest d times this far away (and at least d slices away);
    /// nil: the adjacent slices.
    public var contextSpacingMM: Double?
    /// The blob channel; nil: none.
    public var blob: BlobChannel?

    public init(matrix: Int = 128, windows: [Window] = StudyInputSpec.standardWindows,
                maxSlices: Int = 64, contextSlices: Int = 0, contextSpacingMM: Double? = nil, blob: BlobChannel? = nil) {
        self.matrix = matrix
        self.windows = windows
        self.maxSlices = maxSlices
        self.contextSlices = contextSlices
        self.contextSpacingMM = contextSpacingMM
        self.blob = blob
    }

    /// The windows, the neighbours, then the blob channel when there is one.
    public var channels: Int { windows.count + 2 * contextSlices + (blob == nil ? 0 : 1) }

    /// The neighbours of slice `k` shown with it in a series of `sliceCount` slices `sliceSpacingMM`
    /// apart, nearest first, before then after, clamped to the study (the first slice shows itself
    /// as the one before).
    func neighbours(of k: Int, sliceCount: Int, sliceSpacingMM: Double) -> [Int] {
        guard contextSlices > 0 else { return [] }
        return (1...contextSlices).flatMap { d in
            let step = contextSpacingMM.map { max(d, Int((Double(d) * $0 / max(sliceSpacingMM, 0.1)).rounded())) } ?? d
            return [max(0, k - step), min(sliceCount - 1, k + step)]
        }
    }

    /// Lung (W1500 L−600) for nodules in aerated lung, mediastinum (W350 L50) for fluid, soft tissue
    /// and calcium, and a low-attenuation window (W400 L−800) that spreads −1000…−600 HU over the
    /// whole range: there emphysema's holes (−980) and ground glass (−550) stand apart from normal
    /// lung (−850), which the wide lung window squeezes into a few grey levels.
    public static let standardWindows = [Window(center: -600, width: 1500), Window(center: 50, width: 350),
                                         Window(center: -800, width: 400)]

    /// Which of `count` slices the model sees: all of them, or `maxSlices` spread evenly (first and last included).
    public func sliceIndices(of count: Int) -> [Int] {
        guard count > maxSlices else { return Array(0..<count) }
        guard maxSlices > 1 else { return [count / 2] }
        return (0..<maxSlices).map { Int((Double($0) * Double(count - 1) / Double(maxSlices - 1)).rounded()) }
    }
}

/// The blob filter's response over a study's slices (see `BlobFilter`) as the model's last channel.
public struct BlobChannel: Sendable, Equatable, Codable {
    /// The filter's scales in millimetres.
    public var scalesMM: [Double]
    /// What the response in HU is divided by; a model's weights expect the divisor they learnt with.
    public var responseScaleHU: Double

    public init(scalesMM: [Double], responseScaleHU: Double = BlobChannel.standardResponseScaleHU) {
        self.scalesMM = scalesMM
        self.responseScaleHU = responseScaleHU
    }

    /// The divisor for new models: a well-formed nodule's response comes to about 5. The cell head
    /// learns the channel's weight beside features trained long before, and AdamW moves a weight by
    /// about the same step whatever its input's scale, so the scale sets how far the channel's say can
    /// grow in a short training. Divided by 200 (a nodule about 1), two epochs left it a quarter of a
    /// logit against vessels scoring 1–2 above small nodules (ARCHITECTURE.md).
    public static let standardResponseScaleHU = 40.0
}

/// One study as the model's input: `slices` x `channels` x `matrix` x `matrix` values in 0…1
/// (NCHW, the slices of a study are a batch), and which slice of the study each one is.
public struct StudyInput: Sendable {
    public let spec: StudyInputSpec
    public let sliceIndices: [Int]
    public let sliceSpacingMM: Double
    public let pixels: [Float]

    public var sliceCount: Int { sliceIndices.count }
    /// How far down the study each of the model's slices lies, from the first slice of the series.
    public var sliceDepthsMM: [Double] { sliceIndices.map { Double($0) * sliceSpacingMM } }

    /// The product's path: HU slices of a volume (any size, from DICOM) area-averaged to the matrix,
    /// then windowed. Non-square slices are stretched to a square; CT slices are square in practice.
    public init(volume: Volume, spec: StudyInputSpec) {
        let geometry = volume.geometry
        let pixelMM = (Double(geometry.columns) * geometry.columnSpacing + Double(geometry.rows) * geometry.rowSpacing) / Double(2 * spec.matrix)
        self.init(spec: spec, sliceIndices: spec.sliceIndices(of: volume.sliceCount), sliceCount: volume.sliceCount,
                  sliceSpacingMM: geometry.sliceSpacing, pixelSpacingMM: pixelMM) { k in
            Resampler.resample(volume.slice(k), width: spec.matrix, height: spec.matrix).values
        }
    }

    /// Slices already at the matrix size, in HU, `pixelSpacingMM` apart (e.g. a phantom rendered
    /// directly at model resolution).
    public init(spec: StudyInputSpec, sliceCount: Int, sliceSpacingMM: Double, pixelSpacingMM: Double, hu: (Int) -> [Float]) {
        self.init(spec: spec, sliceIndices: spec.sliceIndices(of: sliceCount), sliceCount: sliceCount, sliceSpacingMM: sliceSpacingMM,
                  pixelSpacingMM: pixelSpacingMM, hu: hu)
    }

    /// Chosen slices of a study of `sliceCount` slices (training picks its own), in HU at the matrix
    /// size; each slice is read once however many of the chosen slices show it.
    init(spec: StudyInputSpec, sliceIndices: [Int], sliceCount: Int, sliceSpacingMM: Double, pixelSpacingMM: Double,
         hu: (Int) -> [Float]) {
        precondition(spec.blob == nil || sliceIndices == spec.sliceIndices(of: sliceCount),
                     "the blob channel is computed over the whole spread of a study's slices")
        self.spec = spec
        self.sliceIndices = sliceIndices
        self.sliceSpacingMM = sliceSpacingMM
        let plane = spec.matrix * spec.matrix
        var read: [Int: [Float]] = [:]
        func slice(_ k: Int) -> [Float] {
            if let values = read[k] { return values }
            let values = hu(k)
            precondition(values.count == plane, "slice \(k) has \(values.count) values, expected \(plane)")
            read[k] = values
            return values
        }
        var pixels = [Float](repeating: 0, count: sliceIndices.count * spec.channels * plane)
        for (position, k) in sliceIndices.enumerated() {
            let neighbours = spec.neighbours(of: k, sliceCount: sliceCount, sliceSpacingMM: sliceSpacingMM)
            let shown = spec.windows.map { (slice(k), $0) } + neighbours.map { (slice($0), spec.windows[0]) }
            for (channel, (values, window)) in shown.enumerated() {
                let low = Float(window.center - window.width / 2), scale = Float(1 / window.width)
                let base = (position * spec.channels + channel) * plane
                for i in 0..<plane { pixels[base + i] = min(max((values[i] - low) * scale, 0), 1) }
            }
        }
        if let channel = spec.blob {
            let stack = sliceIndices.flatMap(slice)
            let spanMM = Double((sliceIndices.last ?? 0) - (sliceIndices.first ?? 0)) * sliceSpacingMM
            // The spread's mean gap (its gaps differ by a slice at most); a series whose slices all
            // share one position (broken geometry) must not divide by zero.
            let gapMM = sliceIndices.count > 1 ? spanMM / Double(sliceIndices.count - 1) : sliceSpacingMM
            let blobs = BlobFilter(scalesMM: channel.scalesMM).response(stack, width: spec.matrix, height: spec.matrix,
                                                                        depth: sliceIndices.count, pixelMM: max(pixelSpacingMM, 0.1),
                                                                        sliceMM: max(gapMM, 0.1))
            let divisor = Float(channel.responseScaleHU)
            for position in sliceIndices.indices {
                let base = (position * spec.channels + spec.channels - 1) * plane
                for i in 0..<plane { pixels[base + i] = blobs[position * plane + i] / divisor }
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
