// Benchmarks: figures for BENCHMARKS.md, never assertions. Build in release:
//   swift run -c release lightbox-bench [sgemm|render|step|import|store|model]...
import COpenBLAS
import Dispatch
import Foundation
import Imaging
import Phantom
import TerminalGraphics
import Viewing

let arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "--import-child", arguments.count == 2 {
    // Runs in a child process so that its peak memory is the import's alone.
    ImportBenchmark.importOnce(folder: arguments[1])
    exit(0)
}

#if DEBUG
print("warning: debug build; run with `swift run -c release lightbox-bench` for real figures\n")
#endif

let sections = arguments.isEmpty ? ["sgemm", "render", "step", "import", "store", "model"] : arguments
for section in sections {
    switch section {
    case "sgemm": SgemmBenchmark.run()
    case "render": RenderBenchmark.run()
    case "step": StepBenchmark.run()
    case "import": ImportBenchmark.run()
    case "store": StoreBenchmark.run()
    case "model": ModelBenchmark.run()
    default: print("unknown section \(section); use sgemm, render, step, import, store or model")
    }
}
