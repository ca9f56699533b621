import Foundation
import Imaging
import Phantom
import PhantomDICOM
import LightboxTestSupport
import Model
import ModelData
import Testing
import Tokenizer
@testable import Training

@Suite("Training, model folders and inference", .serialized)
struct TrainingTests {
    /// A small recipe that runs in seconds: 40 phantom studies at 32x32, 6 slices each.
    static func recipe(_ modality: Modality, epochs: Int = 4) -> TrainingRecipe {
        var recipe = TrainingRecipe(source: PhantomSource(seed: 3, count: 40), modality: modality, epochs: epochs, seed: 1,
                                    spec: StudyInputSpec(matrix: 32, maxSlices: 6))
        recipe.vocabularySize = 400
        recipe.maxTokens = 96
        recipe.trainingSlices = 6
        recipe.lesionSlices = 2
        return recipe
    }

    /// Trained once for the suite (serialized); only read afterwards.
    nonisolated(unsafe) static let fused = try! Trainer.train(recipe(.fused))

    @Test func theLossFallsAndTheFiguresAreComputed() throws {
        let losses = Self.fused.epochLosses
        #expect(losses.count == 4)
        #expect(losses.last! < losses.first! * 0.8, "epoch losses \(losses)")
        let figures = Self.fused.validation
        #expect(figures.studies > 0 && figures.confusion.joined().reduce(0, +) == figures.studies)
        #expect(figures.temperature > 0 && figures.temperature.isFinite)
        #expect(figures.pointingGameStudies != nil)
        #expect(figures.classes["normal"]?.pointingGame == nil)
        // The card gives the validation figures their intervals.
        let intervals = try #require(Self.fused.validationIntervals)
        #expect(intervals.resamples == EvaluationIntervals.standardResamples && intervals.macroAUCGap == nil)
        let card = ModelCard.text(version: "v", recipe: Self.recipe(.fused), configuration: Self.fused.model.configuration,
                                  evaluation: figures, intervals: intervals, epochLosses: losses)
        #expect(card.contains("95 % intervals (percentile bootstrap, 1000 draws of these studies):")
                && card.contains("- macro AUC \(EvaluationTable.range(intervals.macroAUC))"), "\(card)")
    }

    /// With the cosine schedule, the optimiser's last step is taken at a rate of nothing, its first at the peak.
    @Test func theScheduleSetsTheRateOfEveryStep() throws {
        let model = FusionModel(Self.fused.model.configuration, seed: 2)
        let optimizer = AdamW(parameters: model.trainableParameters, learningRate: 0.01)
        let steps = TrainingSteps(epochs: 2, studiesPerStep: 2, classWeights: [Float](repeating: 1, count: 6), maxTokens: 96,
                                  schedule: .cosine)
        let source = PhantomSource(seed: 3, count: 3), spec = Self.recipe(.fused).spec
        var rates: [Float] = []
        var random = RandomGenerator(seed: 1)
        _ = try steps.run(model, optimizer: optimizer, tokenizer: WordPieceTokenizer(vocabulary: Self.fused.vocabulary), studies: 3,
                      random: &random, seed: 1, progress: { _ in rates.append(optimizer.learningRate) }) { index, _ in
            TrainingExample(study: source.study(index, spec: spec), cellTargets: nil)
        }
        // Three studies two to a step (the last study of an epoch steps alone): two steps an epoch, four
        // in all, at 0.01, 0.0075, 0.0025 and 0; the rate after each study is that of the last step taken.
        #expect(optimizer.stepCount == 4)
        let expected: [Float] = [0.01, 0.01, 0.0075, 0.0075, 0.0025, 0]
        #expect(rates.count == expected.count && zip(rates, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(rates)")
    }

    /// A run stopped after its first epoch and resumed from the checkpoint it left ends with the weights,
    /// optimiser and losses of the run that never stopped, bit for bit (the resumed model starts from
    /// other weights, so they can only have come from the file); a checkpoint of another training, or
    /// a truncated one, is refused by name and changes no weight.
    @Test func aTrainingResumedFromItsCheckpointEndsAsTheUninterruptedOne() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let studies = (0..<3).map { PhantomGenerator(seed: 3).study(index: $0) }, spec = Self.recipe(.fused).spec
        let tokenizer = WordPieceTokenizer(vocabulary: Self.fused.vocabulary)
        let snapshot = folder + "/after-epoch-1.safetensors"
        func run(modelSeed: UInt64, checkpoint: TrainingCheckpoint, resumes: Bool, keepingFirstEpoch: Bool = false) throws
            -> (model: FusionModel, optimizer: AdamW, losses: [Double]) {
            let model = FusionModel(Self.fused.model.configuration, seed: modelSeed)
            let optimizer = AdamW(parameters: model.trainableParameters, learningRate: 0.01)
            var steps = TrainingSteps(epochs: 3, studiesPerStep: 1, classWeights: [Float](repeating: 1, count: 6), maxTokens: 96,
                                      schedule: .cosine)
            (steps.checkpoint, steps.resumes) = (checkpoint, resumes)
            var random = RandomGenerator(seed: 1)
            let losses = try steps.run(model, optimizer: optimizer, tokenizer: tokenizer, studies: 3, random: &random, seed: 1, progress: { p in
                // The first study of the second epoch: the checkpoint holds the first epoch's end.
                if keepingFirstEpoch, p.epoch == 2, p.study == 1 { try? FileManager.default.copyItem(atPath: checkpoint.path, toPath: snapshot) }
            }) { index, random in
                let study = studies[index]
                let slices = LabelledStudy.trainingSlices(of: study, count: 4, lesionSlices: 2, using: &random)
                return TrainingExample(phantom: study, spec: spec, slices: slices, gridSize: model.configuration.gridSize)
            }
            return (model, optimizer, losses)
        }
        let version = "fused-test"
        let whole = try run(modelSeed: 2, checkpoint: TrainingCheckpoint(path: folder + "/whole.safetensors", version: version),
                            resumes: false, keepingFirstEpoch: true)
        let resumedCheckpoint = TrainingCheckpoint(path: folder + "/resumed.safetensors", version: version)
        try FileManager.default.copyItem(atPath: snapshot, toPath: resumedCheckpoint.path)
        let resumed = try run(modelSeed: 9, checkpoint: resumedCheckpoint, resumes: true)
        #expect(resumed.losses == whole.losses && whole.losses.count == 3)
        #expect(resumed.optimizer.stepCount == whole.optimizer.stepCount && whole.optimizer.stepCount == 9)
        func differing(_ a: [Tensor], _ b: [Tensor]) -> Int { a.count == b.count ? zip(a, b).filter { $0 != $1 }.count : max(a.count, b.count) }
        #expect(differing(resumed.model.namedParameters.map(\.parameter.value), whole.model.namedParameters.map(\.parameter.value)) == 0,
                "weights that differ from the uninterrupted run's")
        #expect(differing(resumed.optimizer.state.secondMoments, whole.optimizer.state.secondMoments) == 0)

        let fresh = FusionModel(Self.fused.model.configuration, seed: 4)
        let before = fresh.namedParameters.map(\.parameter.value)
        let optimizer = AdamW(parameters: fresh.trainableParameters)
        let other = TrainingCheckpoint(path: snapshot, version: "fused-another")
        #expect { _ = try other.load(into: fresh.namedParameters, optimizer: optimizer) } throws: { error in
            "\(error)".contains(snapshot) && "\(error)".contains("another training (fused-test)")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: snapshot))
        #expect { _ = try TrainingCheckpoint(path: snapshot, version: version).load(into: fresh.namedParameters, optimizer: optimizer) }
            throws: { "\($0)".contains(snapshot) && "\($0)".contains("truncated") }
        #expect(differing(fresh.namedParameters.map(\.parameter.value), before) == 0 && optimizer.stepCount == 0)
    }

    /// A text-only model trains and is measured without a slice being read, and has no heatmap to score.
    @Test func aTextOnlyModelTrainsOnTheReportsAlone() throws {
        let text = try Trainer.train(Self.recipe(.text, epochs: 2))
        #expect(text.epochLosses.count == 2 && text.epochLosses.allSatisfy(\.isFinite))
        #expect(text.validation.studies > 0 && text.validation.pointingGameStudies == nil)
        #expect(text.validation.classes.values.allSatisfy { $0.pointingGame == nil })
    }

    /// The grid cells under a lesion are taught that lesion's own class, the rest "normal".
    @Test func cellTargetsMarkTheLesionCellsWithTheirOwnClass() throws {
        let generator = PhantomGenerator(seed: 41)
        let study = (0..<30).lazy.map { generator.study(index: $0) }.first { $0.label == .suspiciousNodule }!
        let example = TrainingExample(phantom: study, spec: StudyInputSpec(matrix: 128), slices: [study.keySlice], gridSize: 32)
        let targets = try #require(example.cellTargets).map(\.label)
        let circle = try #require(study.lesions[0].circles.first { $0.slice == study.keySlice })
        let cell = PhantomStudy.nativeMatrix / 32
        #expect(targets.count == 32 * 32)
        #expect(targets[(Int(circle.y.rounded()) / cell) * 32 + Int(circle.x.rounded()) / cell] == 2)
        #expect(Set(targets).isSubset(of: [0, 1, 2]) && targets.filter { $0 != 0 }.count < 100)
        #expect(TrainingExample(phantom: study, spec: StudyInputSpec(matrix: 128), slices: [0], gridSize: 32).cellTargets?
            .allSatisfy { $0 == SoftmaxTarget(0) } == !study.lesions.contains { $0.sliceRange.contains(0) })
    }

    /// A slice is taught the classes of the lesions on it, a clear slice "no finding"; the per-slice
    /// term is that cross-entropy over the slices' logits, weighed, on top of the other terms.
    @Test func slicesAreTaughtTheLesionsOnThem() throws {
        let generator = PhantomGenerator(seed: 41)
        let study = (0..<30).lazy.map { generator.study(index: $0) }.first { $0.label == .suspiciousNodule }!
        let clear = try #require((0..<study.sliceCount).first { k in !study.lesions.contains { $0.sliceRange.contains(k) } })
        let slices = [clear, study.keySlice].sorted()
        let example = TrainingExample(phantom: study, spec: Self.recipe(.fused).spec, slices: slices,
                                      gridSize: Self.fused.model.configuration.gridSize)
        let targets = try #require(example.sliceTargets)
        #expect(targets.count == 2)
        #expect(targets[slices.firstIndex(of: clear)!] == SoftmaxTarget(0))
        #expect(targets[slices.firstIndex(of: study.keySlice)!].accepted.contains(2))
        #expect(!targets[slices.firstIndex(of: study.keySlice)!].accepted.contains(0))

        let model = Self.fused.model, graph = Graph(mode: .training, seed: 1)
        let tokens = WordPieceTokenizer(vocabulary: Self.fused.vocabulary).ids(example.study.report, maxLength: 96)
        let output = model(pixels: example.study.tensor, tokenIDs: tokens, in: graph)
        let sliceLogits = try #require(output.sliceLogits)
        #expect(sliceLogits.shape == [2, 6])
        func loss(_ weight: Double) -> Float {
            TrainingSteps.objective(output, label: example.study.label, cellTargets: example.cellTargets, sliceTargets: targets,
                                    classWeights: [Float](repeating: 1, count: 6), cellFocusing: 0, lesionCellShare: 0.5,
                                    sliceTerm: weight, in: graph).value.scalars[0]
        }
        let expected = graph.softmaxCrossEntropy(logits: sliceLogits, targets: targets).value.scalars[0]
        #expect(abs(loss(2) - loss(0) - 2 * expected) < 1e-4 * max(1, expected))

        // The key-slice term: a softmax over the slices' scores for the study's own finding, against the
        // slice that shows its nodule; a study without a finding has no key slice to ask for.
        func keySliceLoss(_ weight: Double, label: Int) -> Double {
            Double(TrainingSteps.objective(output, label: label, cellTargets: example.cellTargets, sliceTargets: targets,
                                           classWeights: [Float](repeating: 1, count: 6), cellFocusing: 0, lesionCellShare: 0.5,
                                           keySliceTerm: weight, in: graph).value.scalars[0])
        }
        let suspicious = (0..<2).map { Double(sliceLogits.value.scalars[$0 * 6 + 2]) }
        let onNodule = slices.firstIndex(of: study.keySlice)!
        let expectedKeySlice = log(suspicious.map(exp).reduce(0, +)) - suspicious[onNodule]
        #expect(expectedKeySlice > 1e-3)
        #expect(abs(keySliceLoss(3, label: 2) - keySliceLoss(0, label: 2) - 3 * expectedKeySlice) < 1e-4 * max(1, expectedKeySlice))
        #expect(keySliceLoss(3, label: 0) == keySliceLoss(0, label: 0))

        // What mining scores a slice by: its strongest finding, as the key slice reads it.
        let scores = try #require(model(pixels: example.study.tensor, tokenIDs: tokens, in: Graph(mode: .inference)).sliceScores)
        let strongest = model.strongestFinding(pixels: example.study.tensor)
        #expect(strongest.count == 2 && strongest.indices.allSatisfy { abs(strongest[$0] - scores.value.scalars[$0 * 6]) < 1e-5 })
        #expect(abs(strongest[0] - (1..<6).map { sliceLogits.value.scalars[$0] }.max()!) < 1e-5)
    }

    /// Slice context is added to a trained model and trained on its own data: the encoder stays as it
    /// was, the layers after it learn, the temperature is fitted again on the base's validation
    /// patients, and the folder loads back to the same answers on a study read with its slice depths.
    @Test func addingSliceContextTrainsTheLayersAfterTheEncoder() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let recipe = Self.recipe(.fused)
        let base = ModelDirectory(path: folder + "/base", model: Self.fused.model, vocabulary: Self.fused.vocabulary,
                                  version: recipe.version, training: TrainingSummary(recipe))
        let before = base.model.namedParameters.map { ($0.name, $0.parameter.value.scalars) }
        let context = SliceContextRecipe(source: recipe.source, distancesMM: [4], epochs: 1, seed: 1)
        let result = try Trainer.addSliceContext(to: base, recipe: context)
        #expect(result.model.configuration.sliceContextMM == [-4, 4])
        #expect(result.epochLosses.count == 1 && result.epochLosses[0].isFinite)
        #expect(result.validation.studies == Self.fused.validation.studies, "the base's validation patients")
        let after = Dictionary(uniqueKeysWithValues: result.model.namedParameters.map { ($0.name, $0.parameter.value.scalars) })
        for (name, values) in before {
            let kept = name.hasPrefix("image.stem") || name.hasPrefix("image.block")
            #expect((after[name] == values) == kept, "\(name)")
        }
        #expect(after["image.slice_context.out.weight"]!.contains { $0 != 0 })
        #expect(base.model.namedParameters.map { ($0.name, $0.parameter.value.scalars) }.elementsEqual(before) { $0 == $1 },
                "the base is left as it was")
        #expect(context.version(base: recipe.version) == recipe.version + ".context4s1e1")
        var weighted = context
        weighted.keySliceTerm = 0.5
        #expect(weighted.version(base: "v") == "v.context4k0.5s1e1")

        let directory = ModelDirectory(path: folder + "/context", model: result.model, vocabulary: result.vocabulary,
                                       version: context.version(base: base.version), training: base.training)
        try directory.save(metrics: Data("{}".utf8), card: "card")
        let loaded = try ModelDirectory.load(folder + "/context")
        #expect(loaded.model.configuration == result.model.configuration)
        let study = PhantomSource(seed: 5, count: 1).study(0, spec: recipe.spec)
        let tokens = WordPieceTokenizer(vocabulary: loaded.vocabulary).ids(study.report, maxLength: 96)
        let depths = study.input.sliceDepthsMM
        #expect(loaded.model.explain(pixels: study.tensor, tokenIDs: tokens, sliceDepthsMM: depths).logits
                == result.model.explain(pixels: study.tensor, tokenIDs: tokens, sliceDepthsMM: depths).logits)
        #expect(throws: TrainingProblem.self) { try Trainer.addSliceContext(to: loaded, recipe: context) }
    }

    /// Asked to, slice-context training also teaches the encoder's last block, and only that block:
    /// the stem and the earlier blocks keep the base's weights.
    @Test func sliceContextCanTeachTheLastBlockToo() throws {
        let recipe = Self.recipe(.fused)
        let base = ModelDirectory(path: makeTemporaryFolder(), model: Self.fused.model, vocabulary: Self.fused.vocabulary,
                                  version: recipe.version, training: TrainingSummary(recipe))
        defer { removeFolder(base.path) }
        let before = base.model.namedParameters.map { ($0.name, $0.parameter.value.scalars) }
        var context = SliceContextRecipe(source: recipe.source, distancesMM: [4], epochs: 1, seed: 1)
        context.trainsLastBlock = true
        let result = try Trainer.addSliceContext(to: base, recipe: context)
        let lastBlock = "image.block\(recipe.imageWidths.count - 1)."
        let after = Dictionary(uniqueKeysWithValues: result.model.namedParameters.map { ($0.name, $0.parameter.value.scalars) })
        #expect(before.contains { $0.0.hasPrefix(lastBlock) })
        for (name, values) in before {
            let kept = (name.hasPrefix("image.stem") || name.hasPrefix("image.block")) && !name.hasPrefix(lastBlock)
            #expect((after[name] == values) == kept, "\(name)")
        }
        #expect(context.version(base: "v") == "v.context4s1e1+block")
    }

    /// With a blob channel, slice-context training teaches the cell head to read it (its weights for the
    /// channel start at zero), the version names the scales, and the recipe that trains the ablation's
    /// siblings as the base was trained reads no blob channel (a step's few slices could not make one).
    @Test func sliceContextCanAddTheBlobChannel() throws {
        let recipe = Self.recipe(.fused)
        let base = ModelDirectory(path: makeTemporaryFolder(), model: Self.fused.model, vocabulary: Self.fused.vocabulary,
                                  version: recipe.version, training: TrainingSummary(recipe))
        defer { removeFolder(base.path) }
        var context = SliceContextRecipe(source: recipe.source, distancesMM: [4], epochs: 1, seed: 1)
        context.blob = BlobChannel(scalesMM: [1.5, 2.5])
        let result = try Trainer.addSliceContext(to: base, recipe: context)
        let configuration = result.model.configuration
        #expect(configuration.blobScalesMM == [1.5, 2.5] && configuration.channels == recipe.spec.channels + 1)
        #expect(configuration.blobResponseScaleHU == BlobChannel.standardResponseScaleHU)
        let head = try #require(result.model.namedParameters.first { $0.name == "image.cell_head.weight" }).parameter.value
        let width = configuration.evidenceChannels, findings = head.shape[0]
        #expect((0..<findings).contains { head.scalars[$0 * width + width - 1] != 0 }, "the cells learnt to read the blob channel")
        #expect(context.version(base: "v") == "v.context4s1e1+blob1.5-2.5per40")
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        try ModelDirectory(path: folder + "/m", model: result.model, vocabulary: result.vocabulary,
                           version: context.version(base: base.version), training: base.training).save(metrics: Data(), card: "")
        let trained = try ModelDirectory.load(folder + "/m")
        #expect(trained.inputSpec.blob == BlobChannel(scalesMM: [1.5, 2.5], responseScaleHU: BlobChannel.standardResponseScaleHU))
        let sibling = try #require(trained.recipe(for: .image))
        #expect(sibling.spec.blob == nil && sibling.spec == recipe.spec)

        // The weights expect the channel at its divisor: a config that gives the scales without it is refused by name.
        let configPath = folder + "/m/" + ModelDirectory.configName
        let config = try String(contentsOfFile: configPath, encoding: .utf8)
        try config.split(separator: "\n").filter { !$0.contains("blobResponseScaleHU") }.joined(separator: "\n")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        #expect { try ModelDirectory.load(folder + "/m") } throws: { error in
            "\(error)".contains(configPath) && "\(error)".contains("blobResponseScaleHU")
        }
    }

    /// A smooth 6–10 mm nodule is benign or suspicious as the history says: asked to, its cells accept
    /// both nodule classes, while a spiculated nodule's cells accept only "suspicious".
    @Test func cellsOfANoduleOnlyTheHistoryCanJudgeAcceptBothNoduleClasses() throws {
        let generator = PhantomGenerator(seed: 41)
        let studies = (0..<200).lazy.map { generator.study(index: $0) }
        func lesionTargets(_ study: PhantomStudy) throws -> [SoftmaxTarget] {
            let example = TrainingExample(phantom: study, spec: StudyInputSpec(matrix: 128), slices: [study.keySlice], gridSize: 32,
                                          eitherNoduleClass: true)
            return try #require(example.cellTargets).filter { $0.label != 0 }
        }
        func isIntermediate(_ lesion: PhantomLesion) -> Bool {
            lesion.kind == .solidNodule && (6...10).contains(lesion.diameterMM)
        }
        let intermediate = try #require(studies.first { $0.lesions.count == 1 && isIntermediate($0.lesions[0]) })
        let own = PhantomLabel.allCases.firstIndex(of: intermediate.label)!
        #expect(try lesionTargets(intermediate).allSatisfy { $0 == SoftmaxTarget(own, or: [1, 2]) })
        let unasked = TrainingExample(phantom: intermediate, spec: StudyInputSpec(matrix: 128), slices: [intermediate.keySlice], gridSize: 32)
        #expect(try #require(unasked.cellTargets).filter { $0.label != 0 }.allSatisfy { $0 == SoftmaxTarget(own) })
        let spiculated = try #require(studies.first { $0.lesions.count == 1 && $0.lesions[0].kind == .spiculatedNodule })
        #expect(try lesionTargets(spiculated).allSatisfy { $0 == SoftmaxTarget(2) })
    }

    @Test func aModelFolderRoundTripsAndIsNeverOverwritten() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        var recipe = Self.recipe(.fused)
        (recipe.cellFocusing, recipe.eitherNoduleClass, recipe.schedule, recipe.lesionCellShare, recipe.sliceTerm, recipe.hardNegatives)
            = (2, true, .cosine, 0.1, 0.5, 2)
        let directory = ModelDirectory(path: folder + "/m", model: Self.fused.model, vocabulary: Self.fused.vocabulary,
                                       version: recipe.version, training: TrainingSummary(recipe))
        try directory.save(metrics: Data("{}".utf8), card: "card")
        let loaded = try ModelDirectory.load(folder + "/m")
        #expect(loaded.version == recipe.version && loaded.training == TrainingSummary(recipe))
        // Any option changes the version suggestions are stored under, not only data, seed and epochs.
        #expect(recipe.version.hasPrefix("fused-0.2+phantom") && recipe.version != Self.recipe(.fused).version)
        #expect(Self.recipe(.fused).version == Self.recipe(.fused).version)
        var withNeighbours = Self.recipe(.fused)
        withNeighbours.spec.contextSlices = 1
        #expect(withNeighbours.version != Self.recipe(.fused).version, "the input spec lives in the config, not the summary")
        #expect(loaded.model.configuration == Self.fused.model.configuration)
        // The same recipe back, as `eval --ablation` trains a sibling of another modality.
        let sibling = try #require(loaded.recipe(for: .image))
        #expect(sibling.modality == .image && TrainingSummary(sibling) == TrainingSummary(recipe))
        #expect(sibling.spec == recipe.spec && sibling.imageStrides == recipe.imageStrides && sibling.imageWidths == recipe.imageWidths)
        let study = PhantomSource(seed: 5, count: 1).study(0, spec: recipe.spec)
        let tokens = WordPieceTokenizer(vocabulary: loaded.vocabulary).ids(study.report, maxLength: 96)
        #expect(loaded.model.explain(pixels: study.tensor, tokenIDs: tokens).logits
                == Self.fused.model.explain(pixels: study.tensor, tokenIDs: tokens).logits)
        #expect(throws: ModelDirectory.Problem.self) { try directory.save(metrics: Data(), card: "") }

        // A truncated weight file is named with the problem.
        let weights = folder + "/m/" + ModelDirectory.weightsName
        let data = try Data(contentsOf: URL(fileURLWithPath: weights))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: weights))
        #expect { try ModelDirectory.load(folder + "/m") } throws: { error in
            "\(error)".contains(ModelDirectory.weightsName) && "\(error)".contains("truncated")
        }
    }
}

@Suite("Suggestions for DICOM studies")
struct StudySuggestionTests {
    @Test func aStudyReadFromDICOMGetsASuggestionInTheImportersFormat() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let study = PhantomGenerator(seed: 8).study(index: 1)
        try study.seriesWriter.write(study.volume(), to: folder + "/dicom")
        let volume = try DicomCatalog.scan(folder + "/dicom").allSeries[0].loadVolume()
        let recipe = TrainingTests.recipe(.fused)
        let directory = ModelDirectory(path: folder, model: TrainingTests.fused.model, vocabulary: TrainingTests.fused.vocabulary,
                                       version: recipe.version, training: nil)
        let suggestion = directory.suggest(volume: volume, report: study.report.text)
        #expect(abs(suggestion.probabilities.reduce(0, +) - 1) < 1e-9)
        let key = try #require(suggestion.keySlice)
        #expect(recipe.spec.sliceIndices(of: study.sliceCount).contains(key))
        try suggestion.writeHeatmap(to: folder + "/map.png")
        let map = try PNGCodec.read(folder + "/map.png")
        #expect(map.width == recipe.spec.matrix && map.height == recipe.spec.matrix)

        let line = suggestion.jsonLine(studyUID: study.studyInfo.studyInstanceUID, accession: study.studyInfo.accessionNumber,
                                       modelVersion: recipe.version, report: study.report.text, heatmapPath: "map.png")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["accession"] as? String == study.studyInfo.accessionNumber)
        #expect(object["model_id"] as? String == ModelDirectory.modelID && object["key_slice"] as? Int == key)
        #expect((object["probabilities"] as? [String: Double])?.count == LabelledStudy.labels.count)
        let words = suggestion.highlightedWords(in: study.report.text)
        #expect(words.allSatisfy { study.report.text.localizedCaseInsensitiveContains($0) })
        #expect(words.count <= 6 && Set(words).count == words.count)
    }
}
