public enum PatientSex: String, Sendable, Codable {
    case female = "F"
    case male = "M"
}

/// Language of the report; Chinese reports belong to patients with Chinese names.
public enum ReportLanguage: String, Sendable, Codable {
    case english = "en"
    case chinese = "zh"
}

/// A made-up patient. IDs are unique within a seed; nothing here belongs to a real person.
public struct PhantomPatient: Sendable, Codable, Equatable {
    /// "PH", four digits from the seed, then the study index (at least six digits).
    public let id: String
    /// DICOM person name, family^given: "Müller^Jürgen", "王^小明".
    public let name: String
    public let sex: PatientSex
    /// DICOM date, YYYYMMDD.
    public let birthDate: String
    /// Whole years at the study date.
    public let age: Int
}

/// Identifiers and descriptions of the study, for DICOM and the worklist.
public struct PhantomStudyInfo: Sendable, Codable, Equatable {
    public let accessionNumber: String
    /// DICOM date, YYYYMMDD.
    public let studyDate: String
    public let studyDescription: String
    public let seriesDescription: String
    /// "2.25." UIDs derived from (seed, index), so rewriting a study gives the same UIDs.
    public let studyInstanceUID: String
    public let seriesInstanceUID: String
}

/// Who the study belongs to and when it was made: drawn from the patient stream only.
struct PatientPlan: Sendable {
    let patient: PhantomPatient
    let info: PhantomStudyInfo
    let language: ReportLanguage
    let studyYear: Int

    static let chineseShare = 0.18

    init(seed: UInt64, index: Int, label: PhantomLabel) {
        var rng = PhantomRNG(seed: deriveSeed(seed, UInt64(index), Stream.patient.rawValue))
        language = rng.chance(Self.chineseShare) ? .chinese : .english
        let sex: PatientSex = rng.chance(0.5) ? .female : .male
        let names = language == .chinese ? NamePools.chinese : NamePools.latin
        let given = sex == .female ? names.female : names.male
        let name = rng.pick(names.family) + "^" + rng.pick(given)

        let first = CivilDate(year: 2019, month: 1, day: 1).daysSinceEpoch
        let last = CivilDate(year: 2025, month: 12, day: 31).daysSinceEpoch
        let studyDay = CivilDate(daysSinceEpoch: rng.int(first...last))
        let ageRange = label == .normal ? 28...80 : 40...88
        let birthDay = CivilDate(daysSinceEpoch: studyDay.daysSinceEpoch - rng.int(ageRange) * 365 - rng.int(0...364))
        studyYear = studyDay.year

        let serial = zeroPadded(Int(mixBits(seed) % 10_000), 4) + zeroPadded(index, 6)
        patient = PhantomPatient(id: "PH" + serial, name: name, sex: sex, birthDate: birthDay.dicom,
                                 age: birthDay.years(until: studyDay))
        info = PhantomStudyInfo(
            accessionNumber: "AC" + zeroPadded(studyDay.year % 100, 2) + serial,
            studyDate: studyDay.dicom,
            studyDescription: rng.pick(["CT CHEST WITHOUT CONTRAST", "CT THORAX", "CT CHEST LOW DOSE", "CT CHEST"])
                + " (SYNTHETIC)",
            seriesDescription: PhantomStudy.seriesDescription,
            studyInstanceUID: syntheticUID(seed, UInt64(index), 1),
            seriesInstanceUID: syntheticUID(seed, UInt64(index), 2))
    }
}

/// Decimal digits of `value`, left-padded with zeros to `width`.
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// A UID under the 2.25 (UUID-derived) root: 128 bits from the seed and salts, in decimal.
func syntheticUID(_ seed: UInt64, _ salts: UInt64...) -> String {
    let high = salts.reduce(deriveSeed(seed, 0x5549_4448)) { deriveSeed($0, $1) }
    let low = mixBits(high ^ 0xA5A5_A5A5_A5A5_A5A5)
    return "2.25." + String(UInt128(high) << 64 | UInt128(low))
}

private enum NamePools {
    struct Pool {
        let family, male, female: [String]
    }

    static let latin = Pool(
        family: ["Müller", "García", "Smith", "Novak", "Dubois", "Rossi", "Johansson", "Kowalski", "Fernández",
                 "O'Brien", "Schäfer", "Lefèvre", "Jørgensen", "Silva", "Becker", "Martin", "Brown", "Wilson",
                 "Horváth", "Yılmaz", "Dvořák", "Björk", "Jensen", "Moreau", "Fischer", "López", "Bianchi",
                 "Nowak", "Costa", "Petrović"],
        male: ["Jürgen", "José", "John", "Marco", "Lukas", "François", "Piotr", "Henrik", "Miguel", "Thomas",
               "David", "Ahmet", "Jan", "Björn", "Paul", "Andrés", "Søren", "Luís", "Tomáš", "Peter"],
        female: ["Hélène", "María", "Anna", "Ewa", "Sofia", "Chloé", "Ingrid", "Emma", "Laura", "Zoë", "Agnès",
                 "Lucía", "Maja", "Eva", "Sarah", "Ayşe", "Margarethe", "Inês", "Kateřina", "Julia"])

    static let chinese = Pool(
        family: ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"],
        male: ["小明", "伟", "建国", "强", "磊", "军", "洋", "勇", "杰", "涛", "志强", "浩然", "子轩", "国平", "海涛"],
        female: ["芳", "秀英", "丽", "敏", "静", "娜", "小红", "婷", "雪", "玉兰", "美玲", "晓燕", "慧", "欣怡", "桂英"])
}
