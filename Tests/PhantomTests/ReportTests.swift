import Testing
@testable import Phantom

/// Words that would hand the reader the class instead of describing the image.
private let giveaways = PhantomLabel.allCases.map(\.rawValue) + [
    "benign", "suspicious", "malignan", "ground glass", "ground-glass", "emphysema", "effusion", "normal",
    "calcif", "spiculat", "良性", "恶性", "可疑", "磨玻璃", "肺气肿", "积液", "正常", "钙化", "毛刺",
]

@Test func testReports_neverNameTheLabel() {
    for study in many {
        let text = study.report.text.lowercased()
        for word in giveaways {
            #expect(!text.contains(word), "study \(study.index) says \"\(word)\": \(study.report.text)")
        }
    }
}

@Test func testReports_someAreChineseWithChineseNames() {
    let chinese = many.filter { $0.report.language == .chinese }
    let share = Double(chinese.count) / Double(many.count)
    #expect(share > 0.1 && share < 0.3, "\(share)")
    let isCJK = { (s: String) in s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
    for study in many {
        let expectChinese = study.report.language == .chinese
        #expect(isCJK(study.report.text) == expectChinese)
        #expect(isCJK(study.patient.name) == expectChinese, "\(study.patient.name)")
    }
}

@Test func testReports_areVariedAndComplete() {
    let texts = many.map(\.report.text)
    #expect(Set(texts).count == texts.count)
    let firstSentences = Set(many.filter { $0.report.language == .english }.map { $0.report.reading.prefix(25) })
    #expect(firstSentences.count > 20)
    for study in many {
        #expect(study.report.text.split(separator: "\n").count == 3)
        #expect(!study.report.history.isEmpty && !study.report.indication.isEmpty && !study.report.reading.isEmpty)
        #expect(study.report.history.contains(String(study.patient.age)))
        #expect(!study.report.text.contains("{") && !study.report.text.contains("}"))
    }
}

/// The reading is imperfect: it misses some findings and over-calls some clear chests.
@Test func testReports_readingIsHedgedAndFallible() {
    let normalWithMentions = many.filter { $0.label == .normal && ($0.report.reading.contains("Cannot exclude")
        || $0.report.reading.contains("Questionable") || $0.report.reading.contains("似见")) }
    #expect(!normalWithMentions.isEmpty)
    let nodulesMissed = many.filter {
        ($0.label == .suspiciousNodule || $0.label == .benignNodule)
            && !["nodul", "opacity", "结节", "密度"].contains(where: $0.report.reading.lowercased().contains)
    }
    #expect(!nodulesMissed.isEmpty)
}
