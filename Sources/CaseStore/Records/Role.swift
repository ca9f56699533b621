/// What a user may do. Roles are cumulative only where the brief says so:
/// an admin manages data and people but does not decide cases.
public enum Role: String, Sendable, CaseIterable, Codable {
    case viewer, reviewer, trainer, admin

    /// Reviewers and trainers decide cases; screens ask this to explain a refusal before the store refuses.
    public var mayDecide: Bool { allows(.review) }

    /// Everyone but a viewer may store a suggestion a model computed: it is the model's output, not the
    /// user's judgement, and the reader who opens a case without one is the one who needs it. A viewer
    /// writes nothing.
    public var mayStoreSuggestions: Bool { allows(.storeSuggestion) }

    func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .review: self == .reviewer || self == .trainer
        case .export: self == .trainer || self == .admin
        case .storeSuggestion: self != .viewer
        case .importData, .manageUsers: self == .admin
        }
    }
}

/// The actions that need a role; reading needs none.
enum Permission: String, Sendable {
    case review = "record reviews"
    case export = "export decisions"
    case storeSuggestion = "store a model's suggestion"
    case importData = "import data"
    case manageUsers = "manage users"
}
