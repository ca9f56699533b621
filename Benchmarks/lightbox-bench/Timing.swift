import Foundation

/// Milliseconds of wall time per call of `body`: the median of `repeats` runs
/// after one warm-up run.
func medianMilliseconds(repeats: Int, _ body: (Int) -> Void) -> Double {
    body(0)
    var times: [Double] = []
    for i in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body(i)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[times.count / 2]
}

func formatted(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
