/// The text that comes with a study: clinical history, indication and a preliminary reading.
public struct PhantomReport: Sendable, Codable, Equatable {
    public let language: ReportLanguage
    public let history: String
    public let indication: String
    public let reading: String
    /// The three sections under their headings, one per line: what the reviewer sees.
    public let text: String
}

extension PhantomReport {
    /// Words a story in the patient's language, picking one paraphrase from each pool.
    init(story: ClinicalStory, patient: PhantomPatient, language: ReportLanguage, studyYear: Int,
         rng: inout PhantomRNG) {
        var writer = ReportWriter(book: language == .chinese ? .chinese : .english, rng: rng)
        let book = writer.book
        self.language = language

        var middle: [String] = []
        switch story.smoking {
        case .never:
            middle.append(writer.say(book.neverSmoked))
        case .former(let packYears, let quitYear):
            middle.append(writer.say(book.formerSmoker, ["py": String(packYears), "year": String(quitYear),
                                                         "years": String(studyYear - quitYear)]))
        case .current(let packYears):
            middle.append(writer.say(book.currentSmoker, ["py": String(packYears)]))
        }
        if let cancer = story.cancer {
            middle.append(writer.say(book.cancerHistory, ["cancer": book.cancers[cancer.site] ?? "", "year": String(cancer.year)]))
        } else if writer.rng.chance(0.5) {
            middle.append(writer.say(book.noCancer))
        }
        if story.symptoms.isEmpty {
            middle.append(writer.say(book.noSymptoms))
        } else {
            let phrases = story.symptoms.map { writer.say(book.symptoms[$0] ?? [], writer.symptomValues(), capitalised: false) }
            middle.append(writer.say(book.symptomSentences, ["list": writer.list(phrases)]))
        }
        if story.prior != .none || writer.rng.chance(0.4) {
            middle.append(writer.say(book.priors[story.prior] ?? [],
                                     ["lobe": book.lobes[story.priorLobe] ?? "", "year": String(story.priorYear)]))
        }
        writer.rng.shuffle(&middle)
        var person = book.sexWords[patient.sex] ?? [:]
        person["age"] = String(patient.age)
        history = writer.join([writer.say(book.demographics, person)] + middle)

        indication = writer.say(book.indications[story.indication] ?? [],
                                ["cancer": story.cancer.flatMap { book.cancers[$0.site] } ?? ""])

        var sentences = story.reading.map { writer.say($0) }
        var negations = book.negations
        writer.rng.shuffle(&negations)
        sentences += negations.prefix(story.negations)
        if story.closes { sentences.append(writer.say(book.closings)) }
        reading = writer.join(sentences)

        text = [(book.headings.history, history), (book.headings.indication, indication), (book.headings.reading, reading)]
            .map { writer.say($0.0) + book.headingSeparator + $0.1 }
            .joined(separator: "\n")
        rng = writer.rng
    }
}

/// Fills templates from a phrasebook with a random paraphrase each time.
private struct ReportWriter {
    let book: Phrasebook
    var rng: PhantomRNG

    /// One template from the pool with `{name}` replaced by `values[name]`; sentences start with a
    /// capital, fragments (list items, sizes) keep the template's case.
    mutating func say(_ pool: [String], _ values: [String: String] = [:], capitalised: Bool = true) -> String {
        guard !pool.isEmpty else { return "" }
        var out = ""
        var rest = Substring(rng.pick(pool))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += values[String(rest[rest.index(after: open)..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return capitalised ? out.prefix(1).uppercased() + out.dropFirst() : out
    }

    mutating func say(_ observation: ClinicalStory.Observation) -> String {
        switch observation {
        case .nodule(let lobe, let size):
            let sizeText = size.map { say(book.sizes, ["mm": String($0)], capitalised: false) } ?? ""
            return say(book.nodules, ["lobe": book.lobes[lobe] ?? "", "size": sizeText])
        case .moreNodules: return say(book.moreNodules)
        case .haze(let lobe): return say(book.haze, ["lobe": book.lobes[lobe] ?? ""])
        case .lucency(let lobe): return say(book.lucency, ["lobe": book.lobes[lobe] ?? ""])
        case .basalDensity(let side): return say(book.basalDensity, ["side": book.sides[side]])
        case .nothingFocal: return say(book.nothingFocal)
        case .overcall(let lobe): return say(book.overcalls, ["lobe": book.lobes[lobe] ?? ""])
        }
    }

    /// Values symptom phrases may use.
    mutating func symptomValues() -> [String: String] {
        ["weeks": String(rng.int(2...12)), "kg": String(rng.int(3...12)),
         "temp": "38." + String(rng.int(2...9)), "days": String(rng.int(2...10))]
    }

    func list(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: book.listSeparator) + book.listFinalSeparator + last
    }

    func join(_ sentences: [String]) -> String {
        sentences.filter { !$0.isEmpty }.joined(separator: book.sentenceSeparator)
    }
}
