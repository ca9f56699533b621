@testable import Phantom

/// The studies the tests look at. Making them is cheap: a scene is only built on first render.
let generator = PhantomGenerator(seed: 20_240_601)
let many = generator.studies(0..<200)
let sixty = Array(many.prefix(60))

/// Noiseless native render as floats.
func noiseless(_ study: PhantomStudy, slice: Int, matrix: Int = PhantomStudy.nativeMatrix) -> [Double] {
    study.renderSlice(slice, matrix: matrix, noise: false).map(Double.init)
}

/// Pixels of a native-matrix slice within `radiusMM` of a scene point.
func disc(_ pixels: [Double], in study: PhantomStudy, x: Double, y: Double, radiusMM: Double) -> [Double] {
    let n = PhantomStudy.nativeMatrix
    let cx = study.geometry.pixel(atMM: x), cy = study.geometry.pixel(atMM: y)
    let r = radiusMM / study.pixelSpacingMM
    var values: [Double] = []
    for row in max(0, Int(cy - r))...min(n - 1, Int(cy + r)) {
        for column in max(0, Int(cx - r))...min(n - 1, Int(cx + r))
        where (Double(column) - cx) * (Double(column) - cx) + (Double(row) - cy) * (Double(row) - cy) <= r * r {
            values.append(pixels[row * n + column])
        }
    }
    return values
}

func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

/// The slice nearest to height z.
func nearestSlice(_ study: PhantomStudy, z: Double) -> Int {
    min(max(Int(study.geometry.sliceIndex(atZ: z).rounded()), 0), study.sliceCount - 1)
}

/// Scene coordinates of every pixel centre of a native slice, with the pixel's index.
func pixelCentres(_ study: PhantomStudy, slice k: Int) -> [(index: Int, point: Point3D)] {
    let n = PhantomStudy.nativeMatrix
    let px = study.pixelSpacingMM, origin = (px - study.fieldOfViewMM) / 2
    return (0..<(n * n)).map {
        ($0, Point3D(x: origin + Double($0 % n) * px, y: origin + Double($0 / n) * px, z: study.slicePositionsMM[k]))
    }
}
