import COpenBLAS

/// The machine's matrix-product baseline, against which the model's
/// convolutions will be measured.
enum SgemmBenchmark {
    static func run() {
        print("## OpenBLAS sgemm (the machine's baseline)\n")
        print("| n | ms | GFLOP/s |\n|---|---|---|")
        for n in [256, 512, 1024, 2048] {
            let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
            var c = [Float](repeating: 0, count: n * n)
            let ms = medianMilliseconds(repeats: 5) { _ in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                            1, a, Int32(n), b, Int32(n), 0, &c, Int32(n))
            }
            let gflops = 2 * Double(n * n * n) / (ms / 1000) / 1e9
            print("| \(n) | \(formatted(ms)) | \(formatted(gflops, 1)) |")
        }
        print("")
    }
}
