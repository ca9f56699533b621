import Foundation
import Phantom

/// The demo's suggestions file: the baseline's answer for each case's report, one JSON object per
/// line in the format `lightbox import --suggestions` reads:
///
/// ```json
/// {"accession":"…","model_id":"report-naive-bayes-baseline","model_version":"0.1+seed7n600",
///  "probabilities":{"benign_nodule":0.03,…},"key_slice":null}
/// ```
///
/// `key_slice` is always null and there is no heatmap: a model that reads only text cannot point
/// at a slice, and inventing one would put an image claim behind a text model.
public enum DemoSuggestions {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// A case comes from a seed the model was trained, calibrated or tested on: its
        /// suggestion would be a memory of the answer, not a prediction.
        case seenInTraining(accession: String, seed: UInt64)

        public var description: String {
            switch self {
            case .seenInTraining(let accession, let seed):
                "case \(accession) comes from phantom seed \(seed), which the baseline was trained or evaluated on"
            }
        }
    }

    /// One line per (accession, report text), in the order given, each ending in a newline.
    /// Only the text reaches the model.
    public static func jsonLines(_ cases: [(accession: String, reportText: String)], model: BaselineModel) -> String {
        cases.map { jsonLine(accession: $0.accession, probabilities: model.classify($0.reportText), model: model) + "\n" }
            .joined()
    }

    /// The same for manifest entries: their accession and report only. The ground truth in the
    /// manifest (label, lesions, key slice) is never read. Refuses entries from a seed the model
    /// has seen.
    public static func jsonLines(manifest entries: [PhantomManifestEntry], model: BaselineModel) throws(Problem) -> String {
        if let seen = entries.first(where: { model.recipe.seeds.contains($0.seed) }) {
            throw .seenInTraining(accession: seen.accessionNumber, seed: seen.seed)
        }
        return jsonLines(entries.map { (accession: $0.accessionNumber, reportText: $0.report) }, model: model)
    }

    /// Keys in a fixed order and probabilities in `PhantomLabel.allCases` order, written with
    /// Swift's shortest round-trip form, so the same model and cases give the same bytes.
    static func jsonLine(accession: String, probabilities: ClassProbabilities, model: BaselineModel) -> String {
        let values = probabilities.pairs.map { "\(jsonString($0.label.rawValue)):\(number($0.probability))" }
        return "{\"accession\":\(jsonString(accession)),\"model_id\":\(jsonString(BaselineModel.modelID)),"
            + "\"model_version\":\(jsonString(model.modelVersion)),"
            + "\"probabilities\":{\(values.joined(separator: ","))},\"key_slice\":null}"
    }

    /// A probability as JSON: finite by construction, and clamped into 0…1 so that rounding in
    /// the last bit can never make the importer reject it.
    private static func number(_ p: Double) -> String {
        String(describing: min(max(p, 0), 1))
    }

    private static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
