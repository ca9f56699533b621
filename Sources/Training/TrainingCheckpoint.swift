import Foundation
import Model

/// Where a training stands at the end of an epoch, kept on disk so that it can go on from there
/// exactly as if it had never stopped: the weights, AdamW's step count and moments, the random
/// streams of the study order and of dropout, and the losses of the epochs done.
///
/// Training the demo model takes an hour or more on the server, and a dropped SSH session, a
/// killed process or a reboot would otherwise lose all of it. The checkpoint is one safetensors
/// file, written to a temporary file and renamed, so a kill leaves the previous checkpoint or the
/// new one, never half of one. Its metadata names the training it belongs to by the version of
/// the model being trained, which digests the data, the seed and every option: a checkpoint is
/// never continued by another recipe.
public struct TrainingCheckpoint: Sendable {
    public let path: String
    /// The version of the model being trained.
    public let version: String

    public init(path: String, version: String) {
        self.path = path
        self.version = version
    }

    /// Beside the model folder it is for: `models/fusion-3` → `models/fusion-3.checkpoint.safetensors`.
    public static func path(forModel folder: String) -> String {
        (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + ".checkpoint.safetensors"
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Deletes the checkpoint once the model it was for is saved.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// What a checkpoint holds besides the weights.
    struct State {
        var completedEpochs: Int
        var epochLosses: [Double]
        var studyOrder: RandomGenerator
        var dropout: RandomGenerator
        var optimizer: AdamW.State
    }

    private enum Key {
        static let version = "lightbox.training.version"
        static let completedEpochs = "lightbox.training.completed_epochs"
        static let epochLosses = "lightbox.training.epoch_losses"
        static let studyOrder = "lightbox.training.study_order_random"
        static let dropout = "lightbox.training.dropout_random"
        static let steps = "lightbox.training.optimizer_steps"
    }

    /// Writes `state` with the weights of `parameters` (the model's, by name) over any previous checkpoint.
    func save(_ parameters: [NamedParameter], state: State) throws(TrainingProblem) {
        let losses = String(decoding: (try? JSONEncoder().encode(state.epochLosses)) ?? Data("[]".utf8), as: UTF8.self)
        let metadata = [
            Key.version: version, Key.completedEpochs: String(state.completedEpochs), Key.epochLosses: losses,
            Key.studyOrder: Self.text(state.studyOrder), Key.dropout: Self.text(state.dropout),
            Key.steps: String(state.optimizer.stepCount),
        ]
        do {
            try Safetensors.write(Self.tensors(parameters, optimizer: state.optimizer), metadata: metadata, to: path)
        } catch {
            throw TrainingProblem(description: "\(path): cannot write the training checkpoint: \(error)")
        }
    }

    /// Reads the checkpoint into `parameters` and returns the rest of its state for `optimizer`, after
    /// checking that it belongs to this training and holds every weight and moment at its shape;
    /// nothing is changed when it does not.
    func load(into parameters: [NamedParameter], optimizer: AdamW) throws(TrainingProblem) -> State {
        func problem(_ text: String) -> TrainingProblem { TrainingProblem(description: "\(path): \(text)") }
        let metadata: [String: String]
        do { (_, metadata) = try Safetensors.read(path) } catch { throw problem("not a readable training checkpoint: \(error)") }
        guard let saved = metadata[Key.version] else { throw problem("not a training checkpoint (no \(Key.version))") }
        guard saved == version else {
            throw problem("the checkpoint of another training (\(saved)), not of \(version); delete it or train with its options")
        }
        guard let epochs = metadata[Key.completedEpochs].flatMap(Int.init), epochs >= 0,
              let losses = metadata[Key.epochLosses].flatMap({ try? JSONDecoder().decode([Double].self, from: Data($0.utf8)) }),
              losses.count == epochs,
              let studyOrder = metadata[Key.studyOrder].flatMap(Self.generator), let dropout = metadata[Key.dropout].flatMap(Self.generator),
              let steps = metadata[Key.steps].flatMap(Int.init), steps >= 0 else {
            throw problem("a training checkpoint whose state is damaged")
        }
        let moments = optimizer.momentShapes.map { Parameter(Tensor(zeros: $0)) }
        let second = optimizer.momentShapes.map { Parameter(Tensor(zeros: $0)) }
        do {
            try Safetensors.load(into: Self.named(parameters, firstMoments: moments, secondMoments: second), from: path)
        } catch {
            throw problem("does not fit this model: \(error)")
        }
        return State(completedEpochs: epochs, epochLosses: losses, studyOrder: studyOrder, dropout: dropout,
                     optimizer: AdamW.State(stepCount: steps, firstMoments: moments.map(\.value), secondMoments: second.map(\.value)))
    }

    /// The weights under `model.` and the moments under `adamw.first.` and `adamw.second.` with their index.
    private static func named(_ parameters: [NamedParameter], firstMoments: [Parameter], secondMoments: [Parameter]) -> [NamedParameter] {
        parameters.map { NamedParameter("model." + $0.name, $0.parameter) }
            + firstMoments.enumerated().map { NamedParameter("adamw.first.\($0.offset)", $0.element) }
            + secondMoments.enumerated().map { NamedParameter("adamw.second.\($0.offset)", $0.element) }
    }

    private static func tensors(_ parameters: [NamedParameter], optimizer: AdamW.State) -> [(name: String, tensor: Tensor)] {
        named(parameters, firstMoments: optimizer.firstMoments.map { Parameter($0) },
              secondMoments: optimizer.secondMoments.map { Parameter($0) }).map { ($0.name, $0.parameter.value) }
    }

    private static func text(_ generator: RandomGenerator) -> String { generator.words.map(String.init).joined(separator: ",") }

    private static func generator(_ text: String) -> RandomGenerator? {
        let words = text.split(separator: ",").compactMap { UInt64($0) }
        return RandomGenerator(words: words)
    }
}
