/// Where and how finely a study was scanned.
///
/// Slice 0 is the most superior slice; positions decrease by the slice spacing (DICOM patient z
/// grows toward the head, so they can be written as the z of Image Position as they are). The
/// slice thickness equals the spacing.
struct ScanGeometry: Sendable {
    let pixelSpacingMM: Double
    let sliceSpacingMM: Double
    let slicePositionsMM: [Double]
    let noiseSigmaHU: Double

    static let nativeMatrix = 512
    static let sliceCounts = 40...80
    static let spacings: [(Double, Double)] = [(1.25, 0.2), (2, 0.15), (2.5, 0.2), (3, 0.15), (5, 0.3)]

    var fieldOfViewMM: Double { pixelSpacingMM * Double(Self.nativeMatrix) }

    /// Covers the whole chest when the slices reach that far; otherwise a slab around `focus`
    /// (the extent of the lesion that decides the label), so that lesion is always scanned.
    init(habitus h: Habitus, focus: ClosedRange<Double>?, rng: inout PhantomRNG) {
        let minimumSpacing = (2 * h.halfWidth + 30) / Double(Self.nativeMatrix)
        pixelSpacingMM = min(0.85, max(rng.uniform(0.6...0.85), minimumSpacing))
        noiseSigmaHU = rng.uniform(8...25)
        sliceSpacingMM = rng.pick(weighted: Self.spacings)

        let chest = (-25)...(h.apex + 15)
        let chestLength = chest.upperBound - chest.lowerBound
        let longest = Int((chestLength + 40) / sliceSpacingMM) + 1
        let count = min(rng.int(Self.sliceCounts), max(Self.sliceCounts.lowerBound, longest))
        let length = Double(count - 1) * sliceSpacingMM

        var top = chest.upperBound + (length - chestLength) / 2
        if length < chestLength {
            let centre = focus.map { ($0.lowerBound + $0.upperBound) / 2 } ?? rng.uniform(chest)
            top = centre + length / 2 + rng.uniform(-0.25...0.25) * length
            if let focus {
                top = min(max(top, focus.upperBound + 2), focus.lowerBound - 2 + length)
            }
            top = min(max(top, h.scannableRange.lowerBound + length), h.scannableRange.upperBound)
        }
        // A slice passes within a fifth of the spacing of the focus centre, so even a 3 mm nodule
        // between 5 mm slices shows on one of them (planes are sampled, not slabs averaged).
        let spacing = sliceSpacingMM
        if let focus {
            let centre = (focus.lowerBound + focus.upperBound) / 2
            top = centre + (((top - centre) / spacing).rounded() + rng.uniform(-0.2...0.2)) * spacing
        }
        slicePositionsMM = (0..<count).map { [top] in top - Double($0) * spacing }
    }

    /// Fractional slice index of height z.
    func sliceIndex(atZ z: Double) -> Double {
        (slicePositionsMM[0] - z) / sliceSpacingMM
    }

    /// Fractional column (or row) of a scene coordinate on the native matrix, pixel centres at
    /// whole numbers.
    func pixel(atMM value: Double) -> Double {
        (value + fieldOfViewMM / 2) / pixelSpacingMM - 0.5
    }

    func grid(slice k: Int, matrix: Int) -> SliceGrid {
        SliceGrid(matrix: matrix, fieldOfViewMM: fieldOfViewMM, nativeMatrix: Self.nativeMatrix,
                  z: slicePositionsMM[k])
    }
}
