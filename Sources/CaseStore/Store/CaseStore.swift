import Foundation
import GRDB

/// The case store: one SQLite file shared by every Lightbox process on the server.
///
/// A `DatabasePool` in WAL mode lets readers (the worklist) run while one process writes.
/// Every write is an IMMEDIATE transaction: it takes the write lock when it starts instead of
/// upgrading a read lock halfway, which is what makes two doctors deciding at the same moment
/// wait for each other (up to the busy timeout) instead of failing with "database is locked".
public final class CaseStore: Sendable {
    public let path: String
    /// The user every write is attributed to (the OS user in the CLI, injected in tests).
    public let actor: String
    let pool: DatabasePool
    let clock: @Sendable () -> Date
    /// Tells the operator about things that happened on the side, such as becoming admin.
    let notice: @Sendable (String) -> Void

    /// How much of the file readers map into memory (address space, not resident memory).
    static let mappedBytes = 1 << 30

    /// How long a writer waits for another one before giving up.
    public static let busyTimeout: TimeInterval = 10

    public init(path: String, actor: String = OSUser.current, clock: @escaping @Sendable () -> Date = { Date() },
                notice: @escaping @Sendable (String) -> Void = { _ in }) throws(StoreError) {
        self.path = path
        self.actor = actor
        self.clock = clock
        self.notice = notice
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create its folder")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        // Readers map the file instead of copying pages through read(2): the worklist's filters touch
        // tens of thousands of index entries, and the OS page cache is shared by every doctor's process.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)") }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try StoreMigrations.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw .cannotOpen(path: path, reason: error.message ?? error.description)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Runs `body` in one IMMEDIATE transaction; returns after the commit.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Runs `body` on a consistent snapshot, concurrently with writers.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError.wrap(error) }
    }

    var now: String { Timestamp.text(clock()) }
}
