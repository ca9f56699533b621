/// Which label study `index` gets. Labels are dealt in blocks of ten, shuffled per block, so any
/// run of studies is balanced (two each of normal, benign and suspicious nodules, one each of the
/// other classes, and one free draw) while every study still depends only on (seed, index).
enum LabelSchedule {
    private static let block: [PhantomLabel?] = [
        .normal, .normal, .benignNodule, .benignNodule, .suspiciousNodule, .suspiciousNodule,
        .groundGlass, .emphysema, .effusion, nil,
    ]

    static func label(seed: UInt64, index: Int, rng: inout PhantomRNG) -> PhantomLabel {
        var order = Array(block.indices)
        var blockRNG = PhantomRNG(seed: deriveSeed(seed, UInt64(index / block.count), Stream.plan.rawValue))
        blockRNG.shuffle(&order)
        return block[order[index % block.count]] ?? rng.pick(PhantomLabel.allCases)
    }
}
