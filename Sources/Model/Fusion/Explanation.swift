import Foundation

/// Grad-CAM as pytorch-grad-cam, the field's reference implementation, defines it: for the raw logit
/// of the chosen class, each channel of the last convolution block is weighted by the spatial mean
/// of the logit's gradient over that channel, the weighted channels are summed, negative evidence is
/// cut (ReLU), and the map is min–max normalised and bilinearly upsampled. The maximum before
/// normalisation is kept: normalised maps all peak at 1, and comparing cases needs the raw scale.
public enum GradCAM {
    public struct Map: Sendable, Equatable {
        /// `size` x `size`, row-major, 0…1.
        public let values: [Float]
        public let size: Int
        public let rawMaximum: Float
    }

    /// The map of one slice (`slice` indexes the batch of `activations` `[S, C, h, w]`), upsampled to `size`.
    public static func map(activations: Tensor, gradients: Tensor, slice: Int, size: Int) -> Map {
        precondition(activations.shape == gradients.shape && activations.rank == 4, "activations and gradients [S, C, h, w]")
        let channels = activations.shape[1], h = activations.shape[2], w = activations.shape[3], plane = h * w
        let a = activations.scalars, g = gradients.scalars
        let base = slice * channels * plane
        var cam = [Float](repeating: 0, count: plane)
        for c in 0..<channels {
            let offset = base + c * plane
            var weight: Float = 0
            for i in 0..<plane { weight += g[offset + i] }
            weight /= Float(plane)
            for i in 0..<plane { cam[i] += weight * a[offset + i] }
        }
        cam = cam.map { Swift.max($0, 0) }
        let low = cam.min() ?? 0, high = cam.max() ?? 0
        let normalised = cam.map { ($0 - low) / Swift.max(high - low, 1e-7) }
        return Map(values: bilinear(normalised, width: w, height: h, to: size), size: size, rawMaximum: high)
    }

    /// Half-pixel-centred bilinear resampling (OpenCV's `resize`, which the reference uses).
    static func bilinear(_ values: [Float], width: Int, height: Int, to size: Int) -> [Float] {
        var out = [Float](repeating: 0, count: size * size)
        func source(_ i: Int, _ extent: Int) -> (Int, Int, Float) {
            let x = Swift.max(0, (Float(i) + 0.5) * Float(extent) / Float(size) - 0.5)
            let lower = Swift.min(Int(x), extent - 1)
            return (lower, Swift.min(lower + 1, extent - 1), x - Float(lower))
        }
        for row in 0..<size {
            let (y0, y1, fy) = source(row, height)
            for column in 0..<size {
                let (x0, x1, fx) = source(column, width)
                let top = values[y0 * width + x0] * (1 - fx) + values[y0 * width + x1] * fx
                let bottom = values[y1 * width + x0] * (1 - fx) + values[y1 * width + x1] * fx
                out[row * size + column] = top * (1 - fy) + bottom * fy
            }
        }
        return out
    }
}

/// A suggestion with its reasons, from one forward and one backward pass.
public struct Explained: Sendable {
    /// Raw, in label order.
    public let logits: [Double]
    /// After temperature, in label order.
    public let probabilities: [Double]
    public let topClass: Int
    /// The class the key slice, heatmap and attributions explain: the top class unless asked otherwise.
    public let explainedClass: Int
    /// The input slice (an index into the study's model slices) with the most evidence for the explained class.
    public let keySlicePosition: Int?
    public let heatmap: GradCAM.Map?
    /// Gradient x input of the explained logit on each token's embedding, summed over features, [CLS] first.
    public let tokenAttributions: [Float]
}

extension FusionModel {
    /// Forward, then back-propagates the top class's raw logit (or `target`'s) in an explanation graph (no weight
    /// gradients) and reads Grad-CAM and token attributions off the same pass.
    ///
    /// The image encoder (and the slice context, when the model has one) runs in an inference graph and
    /// its output enters the explanation graph as a leaf: Grad-CAM needs the gradient at the last block
    /// and nothing below it, and recording the encoder would keep every intermediate slice map alive
    /// and walk back through all of them (a 64-slice study's suggestion took twice as long).
    ///
    /// `target` explains another class than the top one: the pointing game asks where the map of the
    /// study's true class points, whatever the model made of it.
    public func explain(pixels: Tensor, tokenIDs: [Int], sliceDepthsMM: [Double]? = nil, target: Int? = nil) -> Explained {
        let encoder = Graph(mode: .inference)
        let activations = configuration.usesImage
            ? withSliceContext(encode(pixels, in: encoder), depthsMM: sliceDepthsMM, in: encoder).value : nil
        let graph = Graph(mode: .explanation)
        let output = self(activations: activations.map { graph.input($0, requiresGradient: true) }, tokenIDs: tokenIDs, in: graph)
        let logits = output.logits.value.scalars.map(Double.init)
        let top = logits.indices.max { logits[$0] < logits[$1] }!
        let explained = target ?? top
        let probabilities = Self.softmax(logits, temperature: configuration.temperature)
        graph.backward(from: output.logits, seed: .basis(shape: output.logits.shape, at: [0, explained]))
        var keySlice: Int?, heatmap: GradCAM.Map?
        if let scores = output.sliceScores, let activations = output.activations, let gradients = graph.gradient(of: activations) {
            let classes = configuration.labels.count, values = scores.value.scalars
            let slices = scores.shape[0]
            let key = (0..<slices).max { values[$0 * classes + explained] < values[$1 * classes + explained] }!
            keySlice = key
            heatmap = GradCAM.map(activations: activations.value, gradients: gradients, slice: key, size: configuration.matrix)
        }
        var attributions: [Float] = []
        if let embeddings = output.tokenEmbeddings, let gradients = graph.gradient(of: embeddings) {
            let features = embeddings.shape[2], e = embeddings.value.scalars, g = gradients.scalars
            attributions = (0..<embeddings.shape[1]).map { t in
                (0..<features).reduce(0) { $0 + e[t * features + $1] * g[t * features + $1] }
            }
        }
        return Explained(logits: logits, probabilities: probabilities, topClass: top, explainedClass: explained,
                         keySlicePosition: keySlice, heatmap: heatmap,
                         tokenAttributions: attributions)
    }

    public static func softmax(_ logits: [Double], temperature: Double) -> [Double] {
        let scaled = logits.map { $0 / temperature }
        let top = scaled.max() ?? 0
        let exps = scaled.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
