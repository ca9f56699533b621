import Imaging
import Testing

@Suite("Hessian blob filter")
struct BlobFilterTests {
    /// A 64 x 64 x 24 volume of lung (−850 HU) at 2.5 mm in-plane and 4 mm between planes, the spacing
    /// of the model's slices, with soft tissue (+40 HU) painted where `inside` holds (millimetres from
    /// the volume's centre) and partial volume from 4x4x4 subsamples per voxel.
    static func volume(_ inside: (Double, Double, Double) -> Bool) -> [Float] {
        let (w, h, d, px, dz) = (64, 64, 24, 2.5, 4.0)
        var values = [Float](repeating: -850, count: w * h * d)
        for z in 0..<d { for y in 0..<h { for x in 0..<w {
            var covered = 0
            for a in 0..<4 { for b in 0..<4 { for c in 0..<4 {
                let mx = (Double(x) + (Double(a) + 0.5) / 4 - Double(w) / 2) * px
                let my = (Double(y) + (Double(b) + 0.5) / 4 - Double(h) / 2) * px
                let mz = (Double(z) + (Double(c) + 0.5) / 4 - Double(d) / 2) * dz
                if inside(mx, my, mz) { covered += 1 }
            } } }
            values[(z * h + y) * w + x] += Float(covered) / 64 * 890
        } } }
        return values
    }

    static func strongest(_ values: [Float]) -> Float {
        BlobFilter(scalesMM: [1.5, 2.5, 4]).response(values, width: 64, height: 64, depth: 24, pixelMM: 2.5, sliceMM: 4).max()!
    }

    @Test("a sphere answers at least twice as strongly as a vessel or the top of an organ's dome")
    func sphereAgainstTubeAndSurface() {
        let sphere = Self.strongest(Self.volume { x, y, z in x * x + y * y + z * z <= 4 * 4 })
        let vessel = Self.strongest(Self.volume { x, y, _ in x * x + y * y <= 2.5 * 2.5 })
        let obliqueVessel = Self.strongest(Self.volume { x, y, z in
            let across = (x - z) / 2.0.squareRoot()
            return across * across + y * y <= 2.5 * 2.5
        })
        let dome = Self.strongest(Self.volume { x, y, z in (x * x + y * y + (z - 60) * (z - 60)).squareRoot() <= 70 })
        let empty = Self.strongest(Self.volume { _, _, _ in false })
        #expect(empty == 0)
        #expect(sphere > 40, "an 8 mm sphere of soft tissue in lung scores \(sphere)")
        // Across 4 mm slices an oblique vessel is a staircase, partly blob-like; one along the
        // slices' axis is not at all.
        #expect(vessel < sphere / 10 && obliqueVessel < sphere / 2,
                "vessels score \(vessel) straight and \(obliqueVessel) oblique against the sphere's \(sphere)")
        #expect(dome < sphere / 2, "the top of a 140 mm dome scores \(dome) against the sphere's \(sphere)")
    }

    @Test("the response peaks at the sphere's centre and does not depend on its density beyond soft tissue")
    func peakAtCentre() {
        let filter = BlobFilter(scalesMM: [2.5])
        // Centred on voxel (36, 30, 12): 11.25, −3.75 and 2 mm from the volume's centre.
        let soft = Self.volume { x, y, z in (x - 11.25) * (x - 11.25) + (y + 3.75) * (y + 3.75) + (z - 2) * (z - 2) <= 9 }
        let response = filter.response(soft, width: 64, height: 64, depth: 24, pixelMM: 2.5, sliceMM: 4)
        let peak = response.indices.max { response[$0] < response[$1] }!
        #expect(peak % 64 == 36 && (peak / 64) % 64 == 30 && peak / (64 * 64) == 12, "peak at voxel \(peak)")
        let calcified = soft.map { $0 > -850 ? $0 + 1400 : $0 }
        let dense = filter.response(calcified, width: 64, height: 64, depth: 24, pixelMM: 2.5, sliceMM: 4).max()!
        #expect(dense < response[peak] * 1.5, "clipping at \(BlobFilter.clippedHU.upperBound) HU keeps calcium from outscoring soft tissue")
    }
}
