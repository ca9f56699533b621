import Foundation

/// How the learning rate moves over a training: held constant, or brought down along half a cosine
/// from the peak to nothing by the last step (Loshchilov & Hutter's SGDR without restarts). With one
/// study per step the gradient is noisy; a constant rate keeps the weights jittering around the
/// minimum to the end, a decaying one lets them settle into it.
public enum LearningRateSchedule: String, Codable, Sendable, CaseIterable {
    case constant, cosine

    /// The rate for optimiser step `step` (0-based) of `steps`.
    public func rate(peak: Float, step: Int, of steps: Int) -> Float {
        switch self {
        case .constant:
            return peak
        case .cosine:
            guard steps > 1 else { return peak }
            let progress = Double(min(max(step, 0), steps - 1)) / Double(steps - 1)
            return peak * Float(0.5 * (1 + cos(Double.pi * progress)))
        }
    }
}
