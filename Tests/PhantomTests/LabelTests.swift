import Testing
@testable import Phantom

@Test func testLabels_everyClassAppearsInSaneProportions() {
    for label in PhantomLabel.allCases {
        let share = Double(sixty.filter { $0.label == label }.count) / Double(sixty.count)
        #expect(share >= 0.08 && share <= 0.4, "\(label.rawValue): \(share)")
    }
}

@Test func testLabels_followTheRuleFromWhatIsShownAndSaid() {
    for study in many {
        let shown = study.lesions.map { ($0.kind, $0.diameterMM) }
        #expect(LabelRule.label(for: shown, prior: study.prior) == study.label, "study \(study.index)")
        #expect(study.label == .normal ? study.lesions.isEmpty : !study.lesions.isEmpty)
    }
}

/// 6–10 mm smooth solid nodules look alike; only the history tells growth from stability.
@Test func testLabels_intermediateNodulesNeedTheHistory() {
    let intermediate = many.filter {
        guard let first = $0.lesions.first else { return false }
        return first.kind == .solidNodule && (6..<10).contains(first.diameterMM)
    }
    let labels = Set(intermediate.map(\.label))
    #expect(labels == [.benignNodule, .suspiciousNodule])
    let cues: [PriorComparison: [String]] = [
        .grown: ["grown", "larger", "growth", "increased", "增大"],
        .new: ["new", "not present", "appeared", "新"],
        .stable: ["stable", "unchanged", "no change", "稳定", "无明显变化", "无变化"],
    ]
    for study in intermediate {
        #expect(study.prior != .none && study.prior != .resolved)
        let history = study.report.history.lowercased()
        #expect(cues[study.prior, default: []].contains { history.contains($0) }, "\(study.report.history)")
    }
}

@Test func testLabels_rawValuesAreStable() {
    #expect(PhantomLabel.allCases.map(\.rawValue)
        == ["normal", "benign_nodule", "suspicious_nodule", "ground_glass", "emphysema", "effusion"])
}
