/// The study-level class a reader (or the model) must assign. Raw values are stable identifiers
/// for manifests, model heads and exports: never rename them.
public enum PhantomLabel: String, Sendable, Codable, CaseIterable {
    case normal
    case benignNodule = "benign_nodule"
    case suspiciousNodule = "suspicious_nodule"
    case groundGlass = "ground_glass"
    case emphysema
    case effusion
}

/// What one lesion looks like in the image.
public enum LesionKind: String, Sendable, Codable, CaseIterable {
    /// Smooth nodule of soft-tissue density.
    case solidNodule = "solid_nodule"
    /// Nodule that is wholly or centrally calcified (+200…+800 HU).
    case calcifiedNodule = "calcified_nodule"
    /// Nodule with radial strands (spicules) and a lobulated border.
    case spiculatedNodule = "spiculated_nodule"
    /// Solid core inside a hazy (−600…−450 HU) halo.
    case partSolidNodule = "part_solid_nodule"
    /// Hazy region (−650…−450 HU) through which vessels stay visible.
    case groundGlassPatch = "ground_glass_patch"
    /// A cluster of low-attenuation holes (−975…−995 HU).
    case emphysemaCluster = "emphysema_cluster"
    /// Dependent fluid crescent at a lung base (+5…+20 HU).
    case pleuralFluid = "pleural_fluid"

    var isNodule: Bool {
        switch self {
        case .solidNodule, .calcifiedNodule, .spiculatedNodule, .partSolidNodule: true
        default: false
        }
    }
}

/// What the clinical history says about a nodule on earlier imaging.
public enum PriorComparison: String, Sendable, Codable, CaseIterable {
    /// Nothing is said about earlier imaging.
    case none
    case grown
    case new
    case stable
    /// An earlier opacity is said to have gone: a distractor that never changes the label.
    case resolved
}

public enum Lobe: String, Sendable, Codable, CaseIterable {
    case rightUpper = "right_upper"
    case rightMiddle = "right_middle"
    case rightLower = "right_lower"
    case leftUpper = "left_upper"
    case leftLower = "left_lower"
}

/// The label rule: the one place that decides a study's class from what it shows and what its
/// history says.
///
/// A study shows at most one kind of finding:
/// - no lesion: `normal`, whatever the history says about earlier nodules;
/// - ground-glass patches (hazy, no solid core, 15–50 mm): `ground_glass`;
/// - clusters of low-attenuation holes: `emphysema`;
/// - dependent fluid at a lung base: `effusion`;
/// - nodules: the most worrying nodule decides:
///   - spiculated, or part-solid (solid core in a hazy halo): `suspicious_nodule`, whatever the history says;
///   - smooth solid, 10 mm or more: `suspicious_nodule`;
///   - calcified, or smooth solid under 6 mm: `benign_nodule`;
///   - smooth solid of 6–10 mm: `suspicious_nodule` if the history says the nodule grew or is new
///     since the prior exam, `benign_nodule` if it says it has been stable (such nodules always
///     come with one of these statements).
///
/// The image alone cannot settle the 6–10 mm nodules, and the text never names a class (the
/// preliminary reading describes "a nodule" with hedging, sometimes misses or over-calls, and may
/// mention an old resolved opacity), so the right label needs both.
enum LabelRule {
    /// Diameter thresholds. Planned nodules stay at least half a millimetre away from them, so the
    /// image leaves no doubt which side of a threshold a nodule is on.
    static let smallBelowMM = 6.0
    static let largeFromMM = 10.0

    static func label(for lesions: [(kind: LesionKind, diameterMM: Double)], prior: PriorComparison) -> PhantomLabel {
        guard let first = lesions.first else { return .normal }
        switch first.kind {
        case .groundGlassPatch: return .groundGlass
        case .emphysemaCluster: return .emphysema
        case .pleuralFluid: return .effusion
        default: break
        }
        let worst = lesions.map { noduleLabel($0.kind, $0.diameterMM, prior) }
        return worst.contains(.suspiciousNodule) ? .suspiciousNodule : .benignNodule
    }

    private static func noduleLabel(_ kind: LesionKind, _ diameter: Double, _ prior: PriorComparison) -> PhantomLabel {
        switch kind {
        case .spiculatedNodule, .partSolidNodule: return .suspiciousNodule
        case .calcifiedNodule: return .benignNodule
        default:
            if diameter >= largeFromMM { return .suspiciousNodule }
            if diameter < smallBelowMM { return .benignNodule }
            return prior == .grown || prior == .new ? .suspiciousNodule : .benignNodule
        }
    }
}
