import COpenBLAS
import Model

/// The machine's matrix-product baseline, against which the model's
/// convolutions are measured.
enum SgemmBenchmark {
    /// Runs `body` with OpenBLAS splitting its products over all the engine's cores, as a baseline
    /// must; the engine itself has OpenBLAS multiply on one thread and splits the work itself,
    /// which it is restored to after.
    static func onAllCores<Result>(_ body: () -> Result) -> Result {
        openblas_set_num_threads(Int32(ComputeThreads.count))
        defer { openblas_set_num_threads(1) }
        return body()
    }

    static func run() {
        print("## OpenBLAS sgemm (the machine's baseline)\n")
        print("| n | ms | GFLOP/s |\n|---|---|---|")
        for n in [256, 512, 1024, 2048] {
            let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
            var c = [Float](repeating: 0, count: n * n)
            let ms = onAllCores {
                medianMilliseconds(repeats: 5) { _ in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                                1, a, Int32(n), b, Int32(n), 0, &c, Int32(n))
                }
            }
            let gflops = 2 * Double(n * n * n) / (ms / 1000) / 1e9
            print("| \(n) | \(formatted(ms)) | \(formatted(gflops, 1)) |")
        }
        print("")
    }
}
