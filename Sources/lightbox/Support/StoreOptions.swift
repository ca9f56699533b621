import ArgumentParser
import CaseStore
import Foundation

/// `--db PATH`, shared by every command that uses the case store.
struct StoreOptions: ParsableArguments {
    @Option(help: """
        The case store (default: $LIGHTBOX_DB, else `database` in ~/.config/lightbox/config.toml, \
        else $XDG_DATA_HOME/lightbox/lightbox.sqlite, else ~/.local/share/lightbox/lightbox.sqlite).
        """)
    var db: String?

    func path() throws -> String {
        if let db { return db }
        return StorePath.resolve(environment: ProcessInfo.processInfo.environment, configured: try UserConfig.load().database)
    }

    /// Opens the store as the OS user; side notices (becoming admin) go to stderr.
    func open() throws -> CaseStore {
        try CaseStore(path: try path(), notice: { writeErr("lightbox: \($0)\n") })
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a store error into one line on stderr and an exit code from
    /// sysexits(3): 77 refused by role, 66 not found, 73 store not writable, 65 otherwise.
    func reportingStoreFailures(_ body: () throws -> Void) throws {
        try reportingFailures {
            do {
                try body()
            } catch let error as StoreError {
                writeErr("lightbox: \(error)\n")
                switch error {
                case .refused: throw ExitCode(77)
                case .notFound: throw ExitCode(66)
                case .cannotOpen: throw ExitCode(73)
                case .invalid, .database: throw ExitCode(65)
                }
            }
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
