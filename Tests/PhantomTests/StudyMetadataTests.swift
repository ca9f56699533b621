import Foundation
import Testing
@testable import Phantom

@Test func testMetadata_patientsAndIdentifiersAreWellFormed() {
    let studies = many
    #expect(Set(studies.map(\.patient.id)).count == studies.count)
    #expect(Set(studies.map(\.studyInfo.accessionNumber)).count == studies.count)
    #expect(Set(studies.map(\.studyInfo.studyInstanceUID)).count == studies.count)
    #expect(studies.contains { $0.patient.name.unicodeScalars.contains { $0.value > 0x7F && $0.value < 0x4E00 } },
            "some Latin names carry accents")
    for study in studies {
        let p = study.patient, info = study.studyInfo
        #expect(p.id.hasPrefix("PH") && p.id.dropFirst(2).allSatisfy(\.isNumber))
        #expect(p.name.split(separator: "^").count == 2)
        #expect(p.birthDate.count == 8 && info.studyDate.count == 8 && p.birthDate < info.studyDate)
        #expect((28...89).contains(p.age))
        let born = Int(p.birthDate)!, seen = Int(info.studyDate)!
        #expect((seen - born) / 10_000 == p.age, "age agrees with the dates")
        for uid in [info.studyInstanceUID, info.seriesInstanceUID] {
            #expect(uid.hasPrefix("2.25.") && uid.count <= 64 && uid.dropFirst(5).allSatisfy(\.isNumber))
        }
        #expect(study.isSynthetic)
        #expect(info.seriesDescription.contains("SYNTHETIC") && info.studyDescription.contains("SYNTHETIC"))
    }
}

@Test func testGeometry_slicesAndSpacingInRange() {
    for study in sixty {
        #expect((40...80).contains(study.sliceCount))
        #expect((1.25...5).contains(study.sliceSpacingMM))
        #expect(study.sliceThicknessMM == study.sliceSpacingMM)
        #expect((0.6...0.85).contains(study.pixelSpacingMM))
        #expect((8...25).contains(study.noiseSigmaHU))
        let steps = zip(study.slicePositionsMM, study.slicePositionsMM.dropFirst()).map { $0 - $1 }
        #expect(steps.allSatisfy { abs($0 - study.sliceSpacingMM) < 1e-9 }, "slice 0 is the most superior")
        for lesion in study.lesions {
            #expect(lesion.sliceRange.lowerBound >= 0 && lesion.sliceRange.upperBound < study.sliceCount)
            #expect(lesion.circles.allSatisfy { (0..<512.0).contains($0.x) && (0..<512.0).contains($0.y) && $0.radius > 0 })
        }
        #expect((0..<study.sliceCount).contains(study.keySlice))
    }
    #expect(Set(sixty.map(\.sliceSpacingMM)).count >= 3)
    #expect(Set(sixty.map(\.sliceCount)).count >= 10)
}

@Test func testGeometry_nodulesCirclesMatchTheirSize() {
    for study in sixty {
        for lesion in study.lesions where lesion.kind == .solidNodule || lesion.kind == .calcifiedNodule {
            let widest = lesion.circles.map(\.radius).max() ?? 0
            let expected = lesion.radiusMM / study.pixelSpacingMM
            #expect(widest > expected * 0.6 && widest < expected * 1.6 + 1.5, "\(widest) vs \(expected)")
        }
    }
}

@Test func testCivilDate_roundTrips() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
        #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }
    #expect(CivilDate(year: 2024, month: 2, day: 29).dicom == "20240229")
    #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
}
