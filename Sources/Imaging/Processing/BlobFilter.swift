import Foundation

/// A multiscale Hessian blob ("dot") filter for CT volumes, after Li, Sone and Doi (Medical Physics,
/// 2003): at each voxel the Gaussian-smoothed volume's second derivatives are a 3x3 matrix whose
/// eigenvalues say what shape is there. A bright sphere curves down in all three directions, a
/// vessel in two (along it, nothing changes), the surface of an organ in one; so a voxel scores
/// `σ² λ₃² / |λ₁|` when all three are negative (λ₁ the most and λ₃ the least curved) and 0 otherwise,
/// the strongest over the scales. Computer-aided nodule detection has used it for two decades because
/// it is exactly what a single slice cannot say: whether a dot ends within a few millimetres (a
/// nodule) or runs on through the slices above and below (a vessel seen end-on).
public struct BlobFilter: Sendable, Equatable {
    /// Gaussian scales in millimetres; a sphere of radius r answers most at σ near r / √3.
    public var scalesMM: [Double]

    public init(scalesMM: [Double]) {
        precondition(!scalesMM.isEmpty && scalesMM.allSatisfy { $0 > 0 }, "blob scales must be positive")
        self.scalesMM = scalesMM
    }

    /// HU are clipped to this range first: a calcified nodule is no more of a blob than a soft-tissue
    /// one, and bone and contrast would otherwise outshine every nodule (the model's CT windows still
    /// show the density).
    public static let clippedHU: ClosedRange<Float> = -1000...200

    /// The response at every voxel of a volume of `depth` planes of `width` x `height` HU values (plane
    /// by plane, row-major), `pixelMM` apart in-plane and `sliceMM` between planes; in HU (σ²-normalised
    /// curvatures), 0 where no scale sees a bright blob.
    public func response(_ hu: [Float], width: Int, height: Int, depth: Int, pixelMM: Double, sliceMM: Double) -> [Float] {
        precondition(hu.count == width * height * depth && width >= 3 && height >= 3 && depth >= 1, "a volume of the stated size")
        let clipped = hu.map { min(max($0, Self.clippedHU.lowerBound), Self.clippedHU.upperBound) }
        var best = [Float](repeating: 0, count: hu.count)
        // Two work volumes for every scale's passes: fresh ones each time cost more in page faults
        // than the smoothing itself.
        var smoothed = [Float](repeating: 0, count: hu.count), scratch = smoothed
        let layout = VolumeLayout(width: width, height: height, depth: depth)
        for sigma in scalesMM {
            layout.blur(clipped, into: &smoothed, scratch: &scratch, sigma: (sigma / pixelMM, sigma / pixelMM, sigma / sliceMM))
            layout.keepStrongestBlob(of: smoothed, into: &best,
                                     spacing: (pixelMM, pixelMM, sliceMM), normalisation: Float(sigma * sigma))
        }
        return best
    }

    /// The curvature test and score for one voxel's Hessian (xx, yy, zz, xy, xz, yz): negative definite
    /// (Sylvester's criterion, cheap enough to reject the many voxels that are no blob before solving
    /// for eigenvalues), then λ₃² / |λ₁| from the closed-form eigenvalues of a symmetric 3x3 matrix.
    static func blobness(_ xx: Double, _ yy: Double, _ zz: Double, _ xy: Double, _ xz: Double, _ yz: Double) -> Double {
        guard xx < 0, xx * yy - xy * xy > 0 else { return 0 }
        guard determinant(xx, yy, zz, xy, xz, yz) < 0 else { return 0 }
        let q = (xx + yy + zz) / 3
        let off = xy * xy + xz * xz + yz * yz
        let p = (((xx - q) * (xx - q) + (yy - q) * (yy - q) + (zz - q) * (zz - q) + 2 * off) / 6).squareRoot()
        guard p > 1e-12 else { return q * q / abs(q) }
        let r = determinant((xx - q) / p, (yy - q) / p, (zz - q) / p, xy / p, xz / p, yz / p) / 2
        let phi = acos(min(max(r, -1), 1)) / 3
        let largest = q + 2 * p * cos(phi), smallest = q + 2 * p * cos(phi + 2 * Double.pi / 3)
        // All negative: the largest is the least curved (λ₃), the smallest the most (λ₁).
        return largest * largest / abs(smallest)
    }

    /// The determinant of the symmetric matrix [[a, d, e], [d, b, f], [e, f, c]].
    private static func determinant(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ e: Double, _ f: Double) -> Double {
        a * (b * c - f * f) - d * (d * c - f * e) + e * (d * f - b * e)
    }
}

/// A volume's dimensions, and the passes that walk it.
private struct VolumeLayout {
    let width: Int, height: Int, depth: Int
    var plane: Int { width * height }

    /// `source` smoothed into `result` by a separable Gaussian with edges clamped, σ in voxels along x,
    /// y and z, the passes taking turns between `result` and `scratch`; an axis whose σ is under a third
    /// of a voxel is left as it is (the kernel would be all centre).
    func blur(_ source: [Float], into result: inout [Float], scratch: inout [Float], sigma: (Double, Double, Double)) {
        var smoothedYet = false
        func pass(_ apply: ([Float], inout [Float]) -> Void) {
            apply(smoothedYet ? result : source, &scratch)
            swap(&result, &scratch)
            smoothedYet = true
        }
        if sigma.0 >= 1.0 / 3 { pass { blurAlongRows($0, into: &$1, kernel: Self.gaussian(sigma.0)) } }
        // Along y and z, whole rows (or planes) are weighted and summed: contiguous, so the loops vectorise.
        if sigma.1 >= 1.0 / 3 {
            pass { blurAcross($0, into: &$1, kernel: Self.gaussian(sigma.1), lines: height, lineLength: width, blocks: depth) }
        }
        if sigma.2 >= 1.0 / 3 {
            pass { blurAcross($0, into: &$1, kernel: Self.gaussian(sigma.2), lines: depth, lineLength: plane, blocks: 1) }
        }
        if !smoothedYet { result.withUnsafeMutableBufferPointer { _ = $0.update(from: source) } }
    }

    private func blurAlongRows(_ values: [Float], into output: inout [Float], kernel: [Float]) {
        let width = width, height = height, plane = plane, radius = kernel.count / 2
        values.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                let source = input.baseAddress!, target = output.baseAddress!
                let inner = radius..<max(radius, width - radius)
                concurrentPlanes(depth) { z in
                    for y in 0..<height {
                        let row = z * plane + y * width
                        let from = source + row, out = target + row
                        // The inside of the row tap by tap (contiguous, so it vectorises), the edges clamped.
                        for x in inner { out[x] = 0 }
                        for (tap, weight) in kernel.enumerated() {
                            let shifted = from + tap - radius
                            for x in inner { out[x] += weight * shifted[x] }
                        }
                        for x in 0..<width where !inner.contains(x) {
                            var sum: Float = 0
                            for (tap, weight) in kernel.enumerated() { sum += weight * from[min(max(x + tap - radius, 0), width - 1)] }
                            out[x] = sum
                        }
                    }
                }
            }
        }
    }

    /// Within each of `blocks` blocks of `lines` lines of `lineLength` values, every line becomes the
    /// kernel-weighted sum of the lines around it.
    private func blurAcross(_ values: [Float], into output: inout [Float], kernel: [Float], lines: Int, lineLength: Int, blocks: Int) {
        let radius = kernel.count / 2
        values.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                let source = input.baseAddress!, target = output.baseAddress!
                concurrentPlanes(blocks * lines) { index in
                    let block = index / lines, line = index % lines
                    let out = target + (block * lines + line) * lineLength
                    for i in 0..<lineLength { out[i] = 0 }
                    for (tap, weight) in kernel.enumerated() {
                        let from = source + (block * lines + min(max(line + tap - radius, 0), lines - 1)) * lineLength
                        for i in 0..<lineLength { out[i] += weight * from[i] }
                    }
                }
            }
        }
    }

    /// Second derivatives by central differences (edges clamped), scored by `BlobFilter.blobness`
    /// times `normalisation`, kept where stronger than what `best` holds.
    func keepStrongestBlob(of smoothed: [Float], into best: inout [Float], spacing: (Double, Double, Double), normalisation: Float) {
        let width = width, height = height, depth = depth, plane = plane
        // Reciprocals, so the loop multiplies: a division per derivative was most of the filter's time.
        let (dx, dy, dz) = spacing
        let (xx2, yy2, zz2) = (1 / (dx * dx), 1 / (dy * dy), 1 / (dz * dz))
        let (xy4, xz4, yz4) = (1 / (4 * dx * dy), 1 / (4 * dx * dz), 1 / (4 * dy * dz))
        smoothed.withUnsafeBufferPointer { input in
            best.withUnsafeMutableBufferPointer { output in
                let v = input.baseAddress!, target = output.baseAddress!
                concurrentPlanes(depth) { z in
                    let zUp = z > 0 ? -plane : 0, zDown = z < depth - 1 ? plane : 0
                    for y in 0..<height {
                        let yUp = y > 0 ? -width : 0, yDown = y < height - 1 ? width : 0
                        for x in 0..<width {
                            let xLeft = x > 0 ? -1 : 0, xRight = x < width - 1 ? 1 : 0
                            let i = z * plane + y * width + x
                            let c = Double(v[i])
                            let xx = (Double(v[i + xRight]) - 2 * c + Double(v[i + xLeft])) * xx2
                            guard xx < 0 else { continue }
                            let yy = (Double(v[i + yDown]) - 2 * c + Double(v[i + yUp])) * yy2
                            let xy = Double(v[i + xRight + yDown] - v[i + xRight + yUp] - v[i + xLeft + yDown] + v[i + xLeft + yUp]) * xy4
                            // Most voxels fail here, before the z derivatives are read (`blobness` asks the same first).
                            guard xx * yy - xy * xy > 0 else { continue }
                            let zz = (Double(v[i + zDown]) - 2 * c + Double(v[i + zUp])) * zz2
                            // A negative definite matrix has a negative diagonal, and its score λ₃²/|λ₁| is at
                            // most |λ₃|, a third of |trace| at most: a voxel that cannot beat an earlier
                            // scale's score is not solved for.
                            guard zz < 0, Float(-(xx + yy + zz) / 3) * normalisation > target[i] else { continue }
                            let xz = Double(v[i + xRight + zDown] - v[i + xRight + zUp] - v[i + xLeft + zDown] + v[i + xLeft + zUp]) * xz4
                            let yz = Double(v[i + yDown + zDown] - v[i + yDown + zUp] - v[i + yUp + zDown] + v[i + yUp + zUp]) * yz4
                            let score = Float(BlobFilter.blobness(xx, yy, zz, xy, xz, yz)) * normalisation
                            if score > target[i] { target[i] = score }
                        }
                    }
                }
            }
        }
    }

    static func gaussian(_ sigma: Double) -> [Float] {
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        let taps = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = taps.reduce(0, +)
        return taps.map { Float($0 / total) }
    }
}

/// Runs `body` for every index (a plane or a line), spread over the cores. Each call writes only its
/// own part of the output, the promise the unchecked wrapper stands for.
private func concurrentPlanes(_ count: Int, _ body: (Int) -> Void) {
    let workers = min(count, ProcessInfo.processInfo.activeProcessorCount)
    guard workers > 1 else { return (0..<count).forEach(body) }
    withoutActuallyEscaping(body) { body in
        let shared = PlaneWork(body: body)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for z in stride(from: worker, to: count, by: workers) { shared.body(z) }
        }
    }
}

private struct PlaneWork: @unchecked Sendable {
    let body: (Int) -> Void
}
