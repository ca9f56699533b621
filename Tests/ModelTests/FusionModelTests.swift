import Foundation
import Testing
@testable import Model

@Suite("Fusion model and its explanations")
struct FusionModelTests {
    static func tiny(_ modality: Modality) -> FusionModel {
        FusionModel(FusionConfiguration(labels: ["a", "b", "c"], modality: modality, matrix: 16, maxSlices: 3,
                                        imageWidths: [4, 6, 8], imageStrides: [2, 2, 1], vocabularySize: 30, maxTokens: 12, textFeatures: 8, heads: 2),
                    seed: 5)
    }

    static func pixels(slices: Int = 3) -> Tensor {
        var random = RandomGenerator(seed: 9)
        return Tensor.randomUniform(shape: [slices, 3, 16, 16], bound: 1, using: &random)
    }

    /// A stem of stride 4 on a matrix twice as fine leaves the same grid (and the same heatmap layer) as
    /// a stride-2 stem: it reads 5x5 windows, one pixel more than its stride.
    @Test func aStrideFourStemOnAFinerMatrixKeepsTheGrid() {
        let fine = FusionConfiguration(labels: ["a", "b", "c"], modality: .image, matrix: 32, maxSlices: 3,
                                       imageWidths: [4, 6, 8], imageStrides: [4, 2, 1], vocabularySize: 30, maxTokens: 12, textFeatures: 8, heads: 2)
        let model = FusionModel(fine, seed: 5)
        #expect(fine.gridSize == Self.tiny(.image).configuration.gridSize)
        #expect(model.stem.weight.value.shape == [4, 3, 5, 5])
        var random = RandomGenerator(seed: 9)
        let output = model(pixels: Tensor.randomUniform(shape: [2, 3, 32, 32], bound: 1, using: &random), tokenIDs: [], in: Graph(mode: .inference))
        #expect(output.activations?.shape == [2, 8, 4, 4])
    }

    /// Grad-CAM from the engine's gradients against Grad-CAM from gradients measured independently:
    /// central finite differences of the logit with respect to each activation, through the same head;
    /// for the top class, and for another class asked for by name (as the pointing game asks for the
    /// true class).
    ///
    /// With slice context, the map is read where the context has been added, and the logit is a
    /// function of that layer alone.
    @Test(arguments: [(false, false), (true, false), (false, true)])
    func gradCAMMatchesFiniteDifferencesOfTheLogit(explainingAnotherClass: Bool, withSliceContext: Bool) throws {
        let model = withSliceContext ? Self.trainedContext(Self.tiny(.image)) : Self.tiny(.image)
        let depths = withSliceContext ? Self.depths : nil
        let top = model.explain(pixels: Self.pixels(), tokenIDs: [], sliceDepthsMM: depths).topClass
        // A finding, not class 0: the image's "no finding" logit is the constant reference, its map empty.
        let target = explainingAnotherClass ? (1..<model.configuration.labels.count).first { $0 != top } : nil
        let explained = model.explain(pixels: Self.pixels(), tokenIDs: [], sliceDepthsMM: depths, target: target)
        #expect(explained.topClass == top && explained.explainedClass == (target ?? top))
        let key = try #require(explained.keySlicePosition)
        let engineMap = try #require(explained.heatmap)

        let graph = Graph(mode: .inference)
        let output = model(pixels: Self.pixels(), tokenIDs: [], sliceDepthsMM: depths, in: graph)
        let activations = try #require(output.activations).value
        let scores = try #require(output.sliceScores).value, classes = model.configuration.labels.count
        #expect((0..<scores.shape[0]).allSatisfy { scores[flat: $0 * classes + explained.explainedClass]
            <= scores[flat: key * classes + explained.explainedClass] })
        func logit(_ a: Tensor) -> Double {
            let g = Graph(mode: .inference)
            return Double(model.imageEvidence(g.input(a), in: g).logits.value.scalars[explained.explainedClass])
        }
        var gradient = [Float](repeating: 0, count: activations.count)
        let values = activations.scalars, epsilon: Float = 1e-2
        for i in values.indices {
            var up = values, down = values
            up[i] += epsilon
            down[i] -= epsilon
            gradient[i] = Float((logit(Tensor(shape: activations.shape, scalars: up))
                                 - logit(Tensor(shape: activations.shape, scalars: down))) / Double(2 * epsilon))
        }
        let independent = GradCAM.map(activations: activations, gradients: Tensor(shape: activations.shape, scalars: gradient),
                                      slice: key, size: 16)
        #expect(abs(independent.rawMaximum - engineMap.rawMaximum) <= 0.02 * max(1e-3, abs(engineMap.rawMaximum)))
        let worst = zip(independent.values, engineMap.values).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 0.02, "largest difference \(worst)")
        // Min–max normalised, then upsampled: the peak's neighbourhood stays near 1, nothing leaves 0...1.
        #expect(engineMap.values.max()! > 0.75 || engineMap.rawMaximum == 0)
        #expect(engineMap.values.allSatisfy { (0...1).contains($0) })
    }

    @Test func gradCAMFollowsTheReferenceRecipe() {
        // Two channels on a 2x2 map: weights are the spatial means of the gradients (1 and -0.5).
        let a = Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 4, 0, 0, 4])
        let g = Tensor(shape: [1, 2, 2, 2], scalars: [1, 1, 1, 1, -1, 0, 0, -1])
        let map = GradCAM.map(activations: a, gradients: g, slice: 0, size: 2)
        // cam = [1-2, 2-0, 3-0, 4-2] = [-1, 2, 3, 2] → ReLU [0, 2, 3, 2], raw max 3, normalised /3.
        #expect(map.rawMaximum == 3)
        #expect(map.values == [0, 2.0 / 3, 1, 2.0 / 3])
        // Upsampling keeps the corners' neighbourhood and stays within 0...1.
        let big = GradCAM.map(activations: a, gradients: g, slice: 0, size: 8)
        #expect(big.values[0] == 0 && big.values[63] == 2.0 / 3 && big.values.allSatisfy { (0...1).contains($0) })
    }

    @Test func everyModalityRunsAndExplainsWhatItReads() {
        for modality in Modality.allCases {
            let explained = Self.tiny(modality).explain(pixels: Self.pixels(), tokenIDs: [2, 7, 9, 3])
            #expect(abs(explained.probabilities.reduce(0, +) - 1) < 1e-9)
            #expect((explained.heatmap != nil) == (modality != .text))
            #expect((explained.keySlicePosition != nil) == (modality != .text))
            #expect(explained.tokenAttributions.count == (modality == .image ? 0 : 4))
        }
    }

    /// "No finding" is the reference the image scores every finding against: its image logit is 0,
    /// the others are the strongest cell's log-odds, and the cell scores have one row per grid cell.
    @Test func theImageBranchScoresFindingsAgainstNoFinding() throws {
        let model = Self.tiny(.image)
        let graph = Graph(mode: .training)
        let output = model(pixels: Self.pixels(), tokenIDs: [], in: graph)
        #expect(model(pixels: Self.pixels(), tokenIDs: [], in: Graph(mode: .inference)).cellScores == nil)
        let logits = output.logits.value.scalars
        #expect(logits[0] == 0 && logits.dropFirst().allSatisfy { $0 != 0 })
        let cells = try #require(output.cellScores)
        #expect(cells.shape == [3 * 4 * 4, 3] && stride(from: 0, to: cells.value.count, by: 3).allSatisfy { cells.value.scalars[$0] == 0 })
        let slices = try #require(output.sliceScores).value.scalars
        for s in 0..<3 { #expect(slices[s * 3] == max(slices[s * 3 + 1], slices[s * 3 + 2])) }
    }

    /// Three slices 4 mm apart, as a model with slice context is told where they lie.
    static let depths = [0.0, 4, 8]

    /// `model` with slice context 4 mm up and down whose last convolution is no longer zero, as if trained.
    static func trainedContext(_ model: FusionModel) -> FusionModel {
        let extended = model.addingSliceContext(offsetsMM: [-4, 4], seed: 3)
        extended.sliceContext!.out.weight.value = randomTensor([8, 8, 1, 1], seed: 21, scale: 0.5)
        return extended
    }

    /// The engine splits every convolution's images over its threads and sums the weight gradient in
    /// groups fixed independently of them, so a training step of the whole model (its slice context
    /// included) gives the same logits and gradients bit for bit on one thread and on two. The study
    /// is big enough for every convolution to split (nine slices: two full gradient groups and a part).
    @Test func aTrainingStepIsTheSameOnOneThreadAndOnTwo() {
        let configuration = FusionConfiguration(labels: ["a", "b", "c"], modality: .fused, matrix: 64, maxSlices: 9,
                                                imageWidths: [8, 16, 16], imageStrides: [2, 2, 1], vocabularySize: 30,
                                                maxTokens: 12, textFeatures: 8, heads: 2)
        let model = FusionModel(configuration, seed: 5).addingSliceContext(offsetsMM: [-4, 4], seed: 6)
        var random = RandomGenerator(seed: 9)
        let pixels = Tensor.randomUniform(shape: [9, 3, 64, 64], bound: 1, using: &random)
        func step(threads: Int) -> (logits: [Float], gradients: [[Float]]) {
            ComputeThreads.use(threads)
            model.zeroGradients()
            let graph = Graph(mode: .training)
            let output = model(pixels: pixels, tokenIDs: [2, 7, 9, 3], sliceDepthsMM: (0..<9).map { Double($0) * 2.5 }, in: graph)
            graph.backward(from: graph.softmaxCrossEntropy(logits: output.logits, labels: [1]))
            return (output.logits.value.scalars, model.namedParameters.map(\.parameter.gradient.scalars))
        }
        let all = ProcessInfo.processInfo.activeProcessorCount
        defer { ComputeThreads.use(all) }
        let one = step(threads: 1), two = step(threads: 2)
        #expect(one.logits == two.logits)
        let (first, second) = (one.gradients.joined(), two.gradients.joined())
        #expect(first.count == second.count)
        #expect(zip(first, second).filter { $0 != $1 }.count == 0, "gradient elements that differ between one thread and two")
        #expect(first.contains { $0 != 0 })
    }

    /// The neighbours a cell reads are the slices nearest each distance in millimetres, the first or
    /// last slice beyond the ends, for a 5 mm series and a 1.25 mm one alike.
    @Test func sliceContextReadsTheSlicesNearestEachDistance() {
        let fiveMM = [0.0, 5, 10, 15]
        #expect(SliceContext.nearest(to: fiveMM, offsetMM: 4) == [1, 2, 3, 3])
        #expect(SliceContext.nearest(to: fiveMM, offsetMM: -8) == [0, 0, 0, 1])
        let thin = (0..<8).map { Double($0) * 1.25 }
        #expect(SliceContext.nearest(to: thin, offsetMM: 4) == [3, 4, 5, 6, 7, 7, 7, 7])
    }

    /// Added to a trained model, the context answers exactly as the model did (its last convolution
    /// starts at zero) and shares no weight with it; once trained, a slice's scores change with its
    /// neighbour's pixels, which a model without context never lets happen.
    @Test func sliceContextStartsNeutralAndThenReadsTheNeighbours() throws {
        let base = Self.tiny(.fused)
        let extended = base.addingSliceContext(offsetsMM: [-4, 4], seed: 3)
        let tokens = [2, 7, 9, 3]
        #expect(extended.explain(pixels: Self.pixels(), tokenIDs: tokens, sliceDepthsMM: Self.depths).logits
                == base.explain(pixels: Self.pixels(), tokenIDs: tokens).logits)
        let baseNames = Set(base.namedParameters.map(\.name))
        #expect(Set(extended.namedParameters.map(\.name)).subtracting(baseNames)
                == ["image.slice_context.mix.weight", "image.slice_context.mix.bias", "image.slice_context.out.weight", "image.slice_context.out.bias"])
        let shared = Set(base.namedParameters.map { ObjectIdentifier($0.parameter) })
        #expect(extended.namedParameters.allSatisfy { !shared.contains(ObjectIdentifier($0.parameter)) })
        let encoder = extended.namedParameters.filter { $0.name.hasPrefix("image.stem") || $0.name.hasPrefix("image.block") }
        func identities(_ parameters: [Parameter]) -> Set<ObjectIdentifier> { Set(parameters.map(ObjectIdentifier.init)) }
        #expect(identities(extended.frozenEncoderParameters(.none)) == identities(encoder.map(\.parameter)))
        let lastBlock = "image.block\(extended.configuration.imageWidths.count - 1)."
        #expect(identities(extended.frozenEncoderParameters(.lastBlock))
                == identities(encoder.filter { !$0.name.hasPrefix(lastBlock) }.map(\.parameter)))
        #expect(extended.frozenEncoderParameters(.lastBlock).count < encoder.count && extended.frozenEncoderParameters(.all).isEmpty)

        var changed = Self.pixels().scalars
        let plane = 3 * 16 * 16
        for i in 2 * plane..<3 * plane { changed[i] = 1 - changed[i] }
        func sliceScores(_ model: FusionModel, _ pixels: [Float]) throws -> [Float] {
            let output = model(pixels: Tensor(shape: [3, 3, 16, 16], scalars: pixels), tokenIDs: [],
                               sliceDepthsMM: model.sliceContext == nil ? nil : Self.depths, in: Graph(mode: .inference))
            return Array(try #require(output.sliceScores).value.scalars.prefix(2 * 3))
        }
        let trained = Self.trainedContext(Self.tiny(.image))
        #expect(try sliceScores(trained, Self.pixels().scalars) != sliceScores(trained, changed))
        #expect(try sliceScores(Self.tiny(.image), Self.pixels().scalars) == sliceScores(Self.tiny(.image), changed))
    }

    /// Added with slice context, the blob channel changes no answer (the cell head reads it with a
    /// weight of zero), keeps every weight the base had, and reaches Grad-CAM's layer as one more
    /// channel holding each cell's largest blob response.
    @Test func theBlobChannelStartsNeutralAndJoinsTheLastBlockAsEachCellsMaximum() throws {
        let base = Self.tiny(.fused)
        let extended = base.addingSliceContext(offsetsMM: [-4, 4], blob: ([2.5], 40), seed: 3)
        let width = base.configuration.imageWidths.last!
        #expect(extended.configuration.channels == 4 && extended.configuration.evidenceChannels == width + 1)
        let windows = Self.pixels().scalars, plane = 16 * 16
        var blobs = [Float](repeating: 0, count: 3 * plane)
        blobs[plane + 5 * 16 + 9] = 0.7          // slice 1, row 5, column 9: the cell in row 1, column 2 of the 4x4 grid
        blobs[plane + 6 * 16 + 10] = 0.2
        var pixels = [Float]()
        for s in 0..<3 {
            let first = s * 3 * plane, own = s * plane
            pixels += windows[first..<first + 3 * plane]
            pixels += blobs[own..<own + plane]
        }
        let input = Tensor(shape: [3, 4, 16, 16], scalars: pixels)
        let tokens = [2, 7, 9, 3]
        #expect(extended.explain(pixels: input, tokenIDs: tokens, sliceDepthsMM: Self.depths).logits
                == base.explain(pixels: Self.pixels(), tokenIDs: tokens).logits)
        let head = try #require(extended.namedParameters.first { $0.name == "image.cell_head.weight" }).parameter.value
        let baseHead = try #require(base.namedParameters.first { $0.name == "image.cell_head.weight" }).parameter.value
        #expect(head.shape == [2, width + 1, 1, 1])
        let widened = head.scalars, original = baseHead.scalars
        for output in 0..<2 {
            let row = output * (width + 1)
            #expect(Array(widened[row..<row + width]) == Array(original[output * width..<(output + 1) * width]))
            #expect(widened[row + width] == 0)
        }
        let activations = try #require(extended(pixels: input, tokenIDs: tokens, sliceDepthsMM: Self.depths, in: Graph(mode: .inference)).activations)
        #expect(activations.shape == [3, width + 1, 4, 4])
        let values = activations.value.scalars
        let blobChannel = (0..<3).flatMap { (s: Int) -> ArraySlice<Float> in
            let start = (s * (width + 1) + width) * 16
            return values[start..<start + 16]
        }
        let expected: [Float] = (0..<48).map { $0 == 16 + 1 * 4 + 2 ? 0.7 : 0 }
        #expect(blobChannel == expected)
    }

    @Test func namesFollowTheStructureAndDifferByModality() {
        let fused = Set(Self.tiny(.fused).namedParameters.map(\.name))
        let image = Set(Self.tiny(.image).namedParameters.map(\.name))
        #expect(fused.contains("image.block1.first.weight") && fused.contains("text.encoder1.attention_norm.weight") && fused.contains("fusion.out.bias"))
        #expect(image.isSubset(of: fused) && !image.contains { $0.hasPrefix("text.") || $0.hasPrefix("fusion.") })
    }
}
