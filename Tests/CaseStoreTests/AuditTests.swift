import Foundation
import GRDB
import LightboxTestSupport
import Testing
@testable import CaseStore

@Suite struct AuditTests {
    @Test func verifyNamesTheFirstTamperedEntry() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let store = try CaseStore(path: folder + "/s.sqlite", actor: "admin")
        for name in ["a", "b", "c", "d"] { try store.setRole(.reviewer, for: name) }
        let intact = try store.verifyAudit()
        #expect(intact.isIntact && intact.count == 5)
        let edit = runProcess("sqlite3", [folder + "/s.sqlite",
            "DROP TRIGGER audit_no_update; UPDATE audit_log SET details_json = '{\"role\":\"admin\"}' WHERE id = 3;"])
        #expect(edit.status == 0, "\(edit.output)")
        let broken = try store.verifyAudit()
        #expect(broken.firstBroken?.id == 3)
    }

    @Test func aDeletedEntryBreaksTheNextOne() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let store = try CaseStore(path: folder + "/s.sqlite", actor: "admin")
        for name in ["a", "b", "c"] { try store.setRole(.reviewer, for: name) }
        let edit = runProcess("sqlite3", [folder + "/s.sqlite", "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE id = 2;"])
        #expect(edit.status == 0, "\(edit.output)")
        #expect(try store.verifyAudit().firstBroken?.id == 3)
    }
}
