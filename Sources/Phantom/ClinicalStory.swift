/// What a study's report says, decided before any wording: history, indication and what the
/// preliminary reader noticed. The history leans on the finding (emphysema patients mostly smoke,
/// ground glass comes with fever) without ever settling it, and the reading is imperfect: it misses
/// some findings, over-calls some normal lungs, and never classifies.
struct ClinicalStory: Sendable {
    enum Smoking: Sendable {
        case never
        case former(packYears: Int, quitYear: Int)
        case current(packYears: Int)
    }

    /// One statement of the preliminary reading.
    enum Observation: Sendable, Equatable {
        case nodule(Lobe, sizeMM: Int?)
        case moreNodules
        case haze(Lobe)
        case lucency(Lobe)
        /// 0 right, 1 left.
        case basalDensity(side: Int)
        case nothingFocal
        /// A hedged mention of something that is not there.
        case overcall(Lobe)
    }

    let smoking: Smoking
    let cancer: (site: CancerSite, year: Int)?
    let symptoms: [Symptom]
    let prior: PriorComparison
    /// The lobe the prior statement refers to: the deciding nodule's, or any lobe for distractors.
    let priorLobe: Lobe
    let priorYear: Int
    let indication: Indication
    let reading: [Observation]
    let negations: Int
    let closes: Bool

    init(label: PhantomLabel, lesions: [PhantomLesion], prior: PriorComparison, studyYear: Int, rng: inout PhantomRNG) {
        let smokerChance = [PhantomLabel.emphysema: 0.92, .suspiciousNodule: 0.7][label] ?? 0.45
        if rng.chance(smokerChance) {
            let packYears = label == .emphysema ? rng.int(30...80) : rng.int(5...60)
            smoking = rng.chance(0.5) ? .current(packYears: packYears)
                : .former(packYears: packYears, quitYear: studyYear - rng.int(2...20))
        } else {
            smoking = .never
        }
        let cancerChance = label == .suspiciousNodule || label == .effusion ? 0.3 : 0.12
        cancer = rng.chance(cancerChance) ? (rng.pick(CancerSite.allCases), studyYear - rng.int(1...12)) : nil

        let symptomChances: [(Symptom, Double)] = [
            (.cough, label == .groundGlass ? 0.7 : 0.3),
            (.dyspnoea, label == .emphysema || label == .effusion ? 0.72 : 0.2),
            (.haemoptysis, label == .suspiciousNodule ? 0.2 : 0.04),
            (.weightLoss, label == .suspiciousNodule ? 0.25 : label == .effusion ? 0.15 : 0.05),
            (.fever, label == .groundGlass ? 0.55 : 0.08),
            (.chestPain, label == .effusion ? 0.3 : 0.08),
        ]
        symptoms = Array(symptomChances.filter { rng.chance($0.1) }.map(\.0).prefix(3))

        self.prior = prior
        let deciding = lesions.first.flatMap { $0.kind.isNodule ? $0.lobe : nil }
        priorLobe = deciding ?? rng.pick(Lobe.allCases)
        priorYear = studyYear - (prior == .stable ? 2 : rng.int(1...3))

        let followUp = prior == .grown || prior == .new || prior == .stable
        if followUp && rng.chance(0.7) {
            indication = .noduleFollowUp
        } else if symptoms.contains(.fever) && rng.chance(0.7) {
            indication = .infection
        } else if cancer != nil && rng.chance(0.5) {
            indication = .oncology
        } else if symptoms.contains(.dyspnoea) && rng.chance(0.6) {
            indication = .breathlessness
        } else if case .never = smoking {
            indication = .routine
        } else {
            indication = rng.chance(0.5) ? .screening : .routine
        }

        reading = ClinicalStory.observations(label: label, lesions: lesions, rng: &rng)
        negations = rng.int(1...3)
        closes = rng.chance(0.6)
    }

    /// The reader notices most findings, hedges them, sometimes sizes a nodule (a millimetre or
    /// two off), and now and then sees something in a clear chest.
    private static func observations(label: PhantomLabel, lesions: [PhantomLesion],
                                     rng: inout PhantomRNG) -> [Observation] {
        var seen: [Observation] = []
        for (n, lesion) in lesions.enumerated() {
            switch lesion.kind {
            case .groundGlassPatch:
                if rng.chance(0.8) { seen.append(.haze(lesion.lobe)) }
            case .emphysemaCluster:
                if n == 0, rng.chance(0.8) { seen.append(.lucency(lesion.lobe)) }
            case .pleuralFluid:
                if rng.chance(0.8) { seen.append(.basalDensity(side: side(of: lesion.lobe))) }
            default:
                if n == 0, rng.chance(0.85) {
                    let size = rng.chance(0.5) ? Int((lesion.diameterMM + rng.uniform(-1.5...1.5)).rounded()) : nil
                    seen.append(.nodule(lesion.lobe, sizeMM: size.map { max(2, $0) }))
                } else if n > 0, rng.chance(0.5), !seen.contains(.moreNodules) {
                    seen.append(.moreNodules)
                }
            }
        }
        if label == .normal, rng.chance(0.2) {
            seen.append(.overcall(rng.pick(Lobe.allCases)))
        }
        if seen.isEmpty, rng.chance(0.75) {
            seen.append(.nothingFocal)
        }
        return seen
    }

    private static func side(of lobe: Lobe) -> Int {
        switch lobe {
        case .rightUpper, .rightMiddle, .rightLower: 0
        case .leftUpper, .leftLower: 1
        }
    }
}
