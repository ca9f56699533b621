/// The percentile bootstrap (Efron): a figure is computed again on many resamples of the studies,
/// drawn with replacement, and the middle of those values is its interval. Three hundred held-out
/// studies hold some sixty of a class, so a sensitivity of 0.94 there could as well be 0.88 or 0.99,
/// and a figure without its interval invites reading a target as met or missed on noise.
public enum Bootstrap {
    /// The central `level` share of `values`: from the (1 − level)/2 quantile to the (1 + level)/2
    /// quantile, each the nearest value by rank. Nil when there are none (the figure was undefined
    /// on every resample).
    public static func percentileInterval(_ values: [Double], level: Double = 0.95) -> ClosedRange<Double>? {
        precondition(level > 0 && level < 1, "a level between 0 and 1")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double {
            sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
        }
        return quantile((1 - level) / 2)...quantile((1 + level) / 2)
    }
}
