import ArgumentParser
import CaseStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the case store's audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain of the audit log and name the first broken entry.",
            discussion: """
            Each entry's hash covers the previous hash and the entry itself, so an entry that was \
            edited, deleted or inserted outside Lightbox breaks the chain from there on. Exit 0 when \
            intact, 65 when not.
            """
        )

        @OptionGroup var store: StoreOptions

        func run() throws {
            try reportingStoreFailures {
                let result = try store.open().verifyAudit()
                if let entry = result.firstBroken {
                    throw CommandFailure("audit log broken at entry #\(entry.id) (\(entry.at), \(entry.actor), \(entry.action) "
                        + "\(entry.objectType) \(entry.objectID)): its hash does not match; it or an entry before it was changed")
                }
                writeOut("audit log intact: \(result.count) entries\n")
            }
        }
    }
}
