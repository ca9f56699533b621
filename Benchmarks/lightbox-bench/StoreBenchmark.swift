import CaseStore
import Foundation
import GRDB
import Phantom

/// The worklist on a scaled store: 100,000 cases (60,000 patients, five years of studies, one
/// suggestion each, reviews on about 30 %) and the time of each query the TUI makes through
/// `CaseStore.worklist`. The budget from the design is 100 ms per open, sort and filter.
enum StoreBenchmark {
    static let caseCount = 100_000
    static let patientCount = 60_000
    static let reviewerCount = 20
    static let runs = 7

    static func run() {
        let folder = NSTemporaryDirectory() + "lightbox-bench-store"
        try? FileManager.default.removeItem(atPath: folder)
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // LIGHTBOX_BENCH_KEEP_STORE=1 keeps the store for EXPLAIN QUERY PLAN in the sqlite3 shell.
        let keep = ProcessInfo.processInfo.environment["LIGHTBOX_BENCH_KEEP_STORE"] == "1"
        defer { if !keep { try? FileManager.default.removeItem(atPath: folder) } }
        let path = folder + "/store.sqlite"

        let buildStart = DispatchTime.now().uptimeNanoseconds
        // Opening the store runs the migrations; the rows then go in through GRDB directly.
        _ = try! CaseStore(path: path, actor: "admin")
        let counts = try! fill(path)
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
        let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576

        print("## Case store (\(grouped(caseCount)) cases): the worklist through `CaseStore.worklist`, 50 rows a page\n")
        print("Built in \(formatted(buildSeconds, 1)) s (migrations, then one transaction of prepared inserts): "
              + "\(grouped(counts.patients)) patients, \(grouped(caseCount)) studies with one series each "
              + "(a 1x1 preview blob, no pixels), \(grouped(caseCount)) suggestions, \(grouped(counts.reviews)) reviews "
              + "on \(grouped(counts.reviewedCases)) cases by \(reviewerCount) reviewers; \(formatted(megabytes, 0)) MiB.\n")

        // Open: a fresh store object (new connections, empty statement cache), then its first page.
        let openStart = DispatchTime.now().uptimeNanoseconds
        let store = try! CaseStore(path: path, actor: "reviewer01")
        let opened = DispatchTime.now().uptimeNanoseconds
        let first = try! store.worklist(WorklistQuery())
        let firstPage = DispatchTime.now().uptimeNanoseconds
        print("| query | rows matching | median ms | worst ms |\n|---|---|---|---|")
        print("| open the store (connections, schema check) | | \(formatted(Double(opened - openStart) / 1e6)) | |")
        print("| first page of a freshly opened store | \(grouped(first.pending + first.reviewed)) | "
              + "\(formatted(Double(firstPage - opened) / 1e6)) | |")

        var slow: [(String, WorklistQuery)] = []
        for (name, query) in queries(sampleDate: counts.sampleDate) {
            var matching = 0
            var times: [Double] = []
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                let page = try! store.worklist(query)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                matching = page.pending + page.reviewed
            }
            times.sort()
            let median = times[times.count / 2]
            print("| \(name) | \(grouped(matching)) | \(formatted(median)) | \(formatted(times.last!)) |")
            if median > 100 { slow.append((name, query)) }
        }
        print("")
        print("Median and worst of \(runs) runs each on one warm store object; every query also counts the "
              + "matching cases by status, as the worklist header shows them.\n")
        if !slow.isEmpty {
            print("Over the 100 ms budget: \(slow.map(\.0).joined(separator: "; ")).\n")
        }
        if keep { print("The store is kept at \(path).\n") }
    }

    /// The queries of the worklist screen: open, each sort both ways, each filter, search, a reader's
    /// own list (pending means "not yet read by this reader"), a deep page.
    static func queries(sampleDate: String) -> [(String, WorklistQuery)] {
        func query(_ change: (inout WorklistQuery) -> Void) -> WorklistQuery {
            var q = WorklistQuery()
            change(&q)
            return q
        }
        var list: [(String, WorklistQuery)] = [("first page (date ascending)", WorklistQuery())]
        for key in WorklistQuery.SortKey.allCases {
            for descending in [false, true] {
                list.append(("sort by \(key.rawValue) \(descending ? "desc" : "asc")",
                             query { $0.sort = key; $0.descending = descending }))
            }
        }
        list += [
            ("status pending", query { $0.status = .pending }),
            ("status reviewed", query { $0.status = .reviewed }),
            ("finding suspicious_nodule", query { $0.finding = PhantomLabel.suspiciousNodule.rawValue }),
            ("probability 0.9–1.0", query { $0.probability = 0.9...1.0 }),
            ("finding effusion, probability 0.5–0.8, by probability desc",
             query { $0.finding = PhantomLabel.effusion.rawValue; $0.probability = 0.5...0.8; $0.sort = .probability
                     $0.descending = true }),
            ("reviewer reviewer07", query { $0.reviewer = "reviewer07" }),
            ("dates: one month", query { $0.dates = "2024-03-01"..."2024-03-31" }),
            ("dates: one day", query { $0.dates = sampleDate...sampleDate }),
            ("search patient ID prefix \"BP0123\"", query { $0.search = "BP0123" }),
            ("search accession prefix \"BA0004567\"", query { $0.search = "BA0004567" }),
            ("search name part \"berg\"", query { $0.search = "berg" }),
            ("pending, sorted by probability desc", query { $0.status = .pending; $0.sort = .probability; $0.descending = true }),
            ("reader reviewer07: first page", query { $0.reader = "reviewer07" }),
            ("reader reviewer07: pending for them", query { $0.reader = "reviewer07"; $0.status = .pending }),
            ("deep page (offset 99,950)", query { $0.offset = 99_950 }),
            ("deep page (offset 99,950), sort by reviewer desc", query { $0.offset = 99_950; $0.sort = .reviewer
                                                                         $0.descending = true }),
        ]
        return list
    }

    // MARK: Building the store

    private static let familyNames = [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
        "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Schulze",
        "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters",
        "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller",
        "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht",
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
        "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Leroy", "Roux", "David",
        "Lindberg", "Eriksson", "Nilsson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Holmberg", "Sandberg",
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    ]
    private static let givenNames = [
        "Anna", "Maria", "Julia", "Laura", "Sophie", "Lea", "Emma", "Hannah", "Lena", "Sarah", "Katharina", "Elena",
        "Jürgen", "Thomas", "Michael", "Andreas", "Stefan", "Peter", "Klaus", "Wolfgang", "Markus", "Christian",
        "John", "James", "Robert", "David", "William", "Mary", "Patricia", "Linda", "Barbara", "Elizabeth",
        "Marco", "Luca", "Giulia", "Chiara", "Pierre", "Jean", "Claire", "Camille", "Lars", "Karin",
        "小明", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋",
    ]

    /// Inserts the rows in one transaction with prepared statements; returns what it made.
    private static func fill(_ path: String) throws -> (patients: Int, reviews: Int, reviewedCases: Int, sampleDate: String) {
        var rng = SplitMix64(seed: 2026)
        let queue = try DatabaseQueue(path: path)
        let labels = PhantomLabel.allCases.map(\.rawValue)
        let firstDay = dayNumber(2021, 1, 1), days = dayNumber(2025, 12, 31) - firstDay + 1
        var reviews = 0, reviewedCases = 0
        var sampleDate = ""
        try queue.inTransaction(.immediate) { db in
            let users = try db.makeStatement(sql: "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)")
            try users.execute(arguments: ["admin", "admin", "2021-01-01T00:00:00Z"])
            for r in 1...reviewerCount {
                try users.execute(arguments: [reviewer(r), "reviewer", "2021-01-01T00:00:00Z"])
            }

            let patients = try db.makeStatement(sql: "INSERT INTO patients (id, patient_id, name, birth_date, sex) VALUES (?, ?, ?, ?, ?)")
            for p in 1...patientCount {
                let name = familyNames[rng.below(familyNames.count)] + "^" + givenNames[rng.below(givenNames.count)]
                let birth = String(format: "%04d%02d%02d", 1930 + rng.below(70), 1 + rng.below(12), 1 + rng.below(28))
                try patients.execute(arguments: [p, String(format: "BP%06d", p), name, birth, rng.below(2) == 0 ? "F" : "M"])
            }

            let studies = try db.makeStatement(sql: """
                INSERT INTO studies (id, patient_ref, study_uid, accession, study_date, description, imported_at)
                VALUES (?, ?, ?, ?, ?, 'CT CHEST', ?)
                """)
            let series = try db.makeStatement(sql: """
                INSERT INTO series (study_ref, series_uid, modality, description, source_path, file_count, is_synthetic,
                                    columns, rows, slices, row_spacing, column_spacing, slice_spacing, slice_thickness,
                                    geometry_json, window_center, window_width, preview_width, preview_height, preview)
                VALUES (?, ?, 'CT', 'SYNTHETIC BENCH', ?, 300, 1, 512, 512, 300, 0.7, 0.7, 1.0, 1.0, '{}', -600, 1500, 1, 1, ?)
                """)
            let suggestions = try db.makeStatement(sql: """
                INSERT INTO suggestions (id, study_ref, model_id, model_version, probabilities_json, top_label, top_probability,
                                         key_slice, created_at)
                VALUES (?, ?, 'bench-model', '1.0', ?, ?, ?, ?, ?)
                """)
            let reviewRows = try db.makeStatement(sql: """
                INSERT INTO reviews (study_ref, suggestion_ref, reviewer, role, action, label, difficulty, seconds_spent, created_at)
                VALUES (?, ?, ?, 'reviewer', ?, ?, ?, ?, ?)
                """)
            let preview = Data([0x80])
            for c in 1...caseCount {
                // The first 60,000 cases give every patient a study; the rest are later studies of random patients.
                let patient = c <= patientCount ? c : 1 + rng.below(patientCount)
                let day = firstDay + rng.below(days)
                let date = isoDate(day)
                if c == 4_567 { sampleDate = date }
                let imported = date + "T18:00:00Z"
                try studies.execute(arguments: [c, patient, "2.25.9000.\(c)", String(format: "BA%08d", c), date, imported])
                try series.execute(arguments: [c, "2.25.9001.\(c)", "/data/bench/\(c)", preview])

                let top = labels[rng.below(labels.count)]
                let probability = 0.2 + 0.79 * rng.unit()
                let rest = (1 - probability) / Double(labels.count - 1)
                let json = "{" + labels.sorted().map { "\"\($0)\":\($0 == top ? probability : rest)" }.joined(separator: ",") + "}"
                try suggestions.execute(arguments: [c, c, json, top, probability, rng.below(300), imported])

                // About 30 % reviewed; one in six of those read a second time by another reviewer.
                guard rng.unit() < 0.3 else { continue }
                reviewedCases += 1
                let readers = rng.below(6) == 0 ? 2 : 1
                let firstReader = 1 + rng.below(reviewerCount)
                for n in 0..<readers {
                    let who = reviewer((firstReader - 1 + n * 7) % reviewerCount + 1)
                    let roll = rng.below(10)
                    let action = roll < 7 ? "accept" : roll < 8 ? "reject" : "correct"
                    let label = action == "correct" ? labels[rng.below(labels.count)] : nil
                    let at = isoDate(min(day + 1 + rng.below(30) + n * 3, firstDay + days + 40)) + "T10:00:00Z"
                    try reviewRows.execute(arguments: [c, c, who, action, label, 1 + rng.below(5), 10 + 120 * rng.unit(), at])
                    reviews += 1
                }
            }
            return .commit
        }
        try queue.close()
        return (patientCount, reviews, reviewedCases, sampleDate)
    }

    private static func reviewer(_ n: Int) -> String { String(format: "reviewer%02d", n) }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian, Hinnant's algorithm).
    private static func dayNumber(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    /// YYYY-MM-DD of a day number (the inverse of `dayNumber`).
    private static func isoDate(_ days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    private static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
    }
}

/// A small seeded generator (SplitMix64), so the store is the same on every run.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (the modulo bias is far below anything a benchmark could notice).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
