/// Evidence from above and below: every cell of the last block also reads the same cell on the
/// slices a few millimetres up and down the study, so that what a cell decides can depend on how
/// its dot continues. On one slice at 128² a 4 mm nodule, a vessel seen end-on and the top of an
/// organ's dome are the same round dot; a reader scrolls, and sees the nodule end, the vessel run on
/// and the dome grow into the organ.
///
/// The neighbours are the slices nearest each offset in millimetres (a 1.25 mm series and a 5 mm
/// one are read at the same distances), taken from the encoder's output so that the context costs
/// two 1x1 convolutions, not another encoder pass. The second convolution starts at zero: added to a
/// trained model, the layer changes nothing until training teaches it something.
struct SliceContext: Layer {
    let offsetsMM: [Double]
    let mix: Conv2d
    let out: Conv2d

    init(channels: Int, offsetsMM: [Double], random: inout RandomGenerator) {
        self.offsetsMM = offsetsMM
        mix = Conv2d(inputChannels: channels * (1 + offsetsMM.count), outputChannels: channels, kernelSize: 1, random: &random)
        out = Conv2d(weight: Parameter(Tensor(zeros: [channels, channels, 1, 1])),
                     bias: Parameter(Tensor(zeros: [channels]), kind: .bias))
    }

    /// `x` is `[S, C, h, w]`, its slices at `depthsMM` along the study (ascending or descending alike).
    func callAsFunction(_ x: Variable, depthsMM: [Double], in graph: Graph) -> Variable {
        let slices = x.shape[0]
        precondition(depthsMM.count == slices, "\(depthsMM.count) slice depths for \(slices) slices")
        let rows = graph.reshape(x, to: [slices, x.value.count / max(slices, 1)])
        let neighbours = offsetsMM.map { offset in
            graph.reshape(graph.embedding(Self.nearest(to: depthsMM, offsetMM: offset), shape: [slices], table: rows), to: x.shape)
        }
        let context = graph.relu(mix(graph.concatenate([x] + neighbours, axis: 1), in: graph))
        return graph.add(x, out(context, in: graph))
    }

    /// For each slice, the slice whose depth is nearest its own plus `offsetMM` (the first or last
    /// slice beyond the study's ends).
    static func nearest(to depthsMM: [Double], offsetMM: Double) -> [Int] {
        depthsMM.map { depth in
            depthsMM.indices.min { abs(depthsMM[$0] - depth - offsetMM) < abs(depthsMM[$1] - depth - offsetMM) }!
        }
    }

    var namedParameters: [NamedParameter] { mix.named("mix") + out.named("out") }
}

extension FusionModel {
    /// A copy of this model with a slice-context layer reading `offsetsMM`, and when given the blob
    /// channel of the filter at `blob.scalesMM`, its response divided by `blob.responseScaleHU`, beside
    /// its last block; every other weight copied: it answers as this model does until the new layers
    /// are trained (the cell head reads the blob channel with a weight of zero).
    public func addingSliceContext(offsetsMM: [Double], blob: (scalesMM: [Double], responseScaleHU: Double)? = nil,
                                   seed: UInt64) -> FusionModel {
        precondition(configuration.usesImage, "slice context needs an image branch")
        precondition(configuration.blobScalesMM == nil || blob == nil, "the model has a blob channel already")
        var extended = configuration
        extended.sliceContextMM = offsetsMM
        if let blob { (extended.blobScalesMM, extended.blobResponseScaleHU) = (blob.scalesMM, blob.responseScaleHU) }
        let model = FusionModel(extended, seed: seed)
        let trained = Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.name, $0.parameter.value) })
        for named in model.namedParameters {
            guard let value = trained[named.name] else { continue }
            named.parameter.value = value.shape == named.parameter.value.shape ? value
                : Self.widenedInputs(value, to: named.parameter.value.shape)
        }
        return model
    }

    /// A convolution weight `[out, in, kh, kw]` given more input channels: the old ones keep their
    /// weights, the new ones start at zero.
    private static func widenedInputs(_ weight: Tensor, to shape: [Int]) -> Tensor {
        precondition(weight.shape.count == 4 && shape.count == 4 && weight.shape[0] == shape[0] && weight.shape[1] < shape[1]
                     && weight.shape[2...] == shape[2...], "only a convolution's inputs can widen: \(weight.shape) to \(shape)")
        let kernel = shape[2] * shape[3], old = weight.shape[1] * kernel, new = shape[1] * kernel
        let values = weight.scalars
        var widened = [Float](repeating: 0, count: shape[0] * new)
        for output in 0..<shape[0] { widened[output * new..<output * new + old] = values[output * old..<(output + 1) * old] }
        return Tensor(shape: shape, scalars: widened)
    }

    /// The parameters of the stem and the residual blocks that `learning` keeps as they are.
    public func frozenEncoderParameters(_ learning: EncoderLearning) -> [Parameter] {
        guard learning != .all else { return [] }
        let frozenBlocks = blocks.dropLast(learning.learnedBlocks(of: blocks.count))
        let frozen: [NamedParameter] = stem.named("stem") + stemNorm.named("stem_norm") + frozenBlocks.flatMap { $0.named("block") }
        return frozen.map(\.parameter)
    }
}
