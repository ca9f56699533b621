/// Everything the report writer can say in one language. Each list is a pool of paraphrases, one
/// picked at random; `{name}` marks a value filled in by the writer.
///
/// No phrase may name a label (nor "benign", "suspicious", "malignant", "ground glass",
/// "emphysema", "effusion", "normal", "calcified", "spiculated" or their Chinese equivalents): the
/// reading describes what is seen, hedged, and leaves the class to the reader.
struct Phrasebook: Sendable {
    var headings: (history: [String], indication: [String], reading: [String])
    /// Between a heading and its text.
    var headingSeparator: String
    /// Between sentences.
    var sentenceSeparator: String
    var listSeparator: String
    var listFinalSeparator: String

    /// `{age}` and the keys of `sexWords`.
    var demographics: [String]
    var sexWords: [PatientSex: [String: String]]
    var neverSmoked: [String]
    /// `{py}` pack-years, `{year}` quit, `{years}` since quitting.
    var formerSmoker: [String]
    var currentSmoker: [String]
    var noCancer: [String]
    /// `{cancer}`, `{year}`.
    var cancerHistory: [String]
    var cancers: [CancerSite: String]
    /// Phrases per symptom with `{weeks}`, `{kg}`, `{temp}`, `{days}`.
    var symptoms: [Symptom: [String]]
    /// `{list}` of symptom phrases.
    var symptomSentences: [String]
    var noSymptoms: [String]
    /// What the history says about earlier imaging: `{lobe}`, `{year}`.
    var priors: [PriorComparison: [String]]
    var indications: [Indication: [String]]

    /// `{lobe}` and `{size}` (empty or one of `sizes`).
    var nodules: [String]
    /// `{mm}`.
    var sizes: [String]
    var moreNodules: [String]
    var haze: [String]
    var lucency: [String]
    /// `{side}`.
    var basalDensity: [String]
    var nothingFocal: [String]
    /// Hedged mentions of something that is not there: `{lobe}`.
    var overcalls: [String]
    var negations: [String]
    var closings: [String]
    var lobes: [Lobe: String]
    /// Right, then left.
    var sides: [String]
}

enum CancerSite: CaseIterable, Sendable {
    case breast, colorectal, kidney, melanoma, prostate, lymphoma, bladder, thyroid
}

enum Symptom: CaseIterable, Sendable {
    case cough, dyspnoea, haemoptysis, weightLoss, fever, chestPain
}

enum Indication: CaseIterable, Sendable {
    case noduleFollowUp, screening, oncology, infection, breathlessness, routine
}
