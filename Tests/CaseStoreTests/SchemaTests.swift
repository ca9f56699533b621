import Foundation
import GRDB
import LightboxTestSupport
import Testing
@testable import CaseStore

@Suite struct SchemaTests {
    @Test func migrationsCreateTheSchemaOnANewFile() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/nested/store.sqlite"
        let store = try CaseStore(path: path, actor: "a")
        #expect(FileManager.default.fileExists(atPath: path))
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["audit_log", "patients", "reports", "reviews", "series", "store_settings", "studies", "suggestions", "users"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let (mode, foreignKeys) = try store.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA foreign_keys")!)
        }
        #expect(mode == "wal")
        #expect(foreignKeys == 1)
        // Opening again runs no migration twice.
        _ = try CaseStore(path: path, actor: "a")
    }

    @Test func defaultPathFollowsTheEnvironment() {
        #expect(StorePath.resolve(environment: ["LIGHTBOX_DB": "/x/db", "XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/x/db")
        #expect(StorePath.resolve(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/lightbox/lightbox.sqlite")
        #expect(StorePath.resolve(environment: ["HOME": "/h"]) == "/h/.local/share/lightbox/lightbox.sqlite")
    }
}
