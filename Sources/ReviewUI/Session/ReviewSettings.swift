import CaseStore
import TerminalGraphics

/// How this reader works, from config.toml and the command line; fixed for a session.
public struct ReviewSettings: Sendable {
    /// The OS user running the process: every decision is attributed to them.
    public var reader: String
    /// Their role in the store when the session started (the store checks again on every write).
    public var role: Role?
    /// Open the next pending case after a decision.
    public var autoAdvance = true
    /// Hide other reviewers' decisions, so a second reading is independent of the first.
    public var blindRead = false
    /// Start with names and IDs hidden.
    public var privacy = false
    public var overlayColorMap = ColorMap.turbo
    public var overlayOpacity: Float = 0.45

    public init(reader: String, role: Role?) {
        self.reader = reader
        self.role = role
    }
}
