import Foundation
import LightboxTestSupport
import PhantomDICOM
import Testing

/// The case-store commands end to end, on a demo dataset and a store in a temp folder.
@Suite struct StoreCommandTests {
    static let demo: String = {
        let folder = makeTemporaryFolder("store-cli-demo")
        _ = try! DemoDataset.generate(count: 2, seed: 11, into: folder)
        return folder
    }()

    @Test func importAuditAndTamperDetection() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let db = folder + "/store.sqlite"
        let first = Fixtures.lightbox(["import", Self.demo + "/studies", "--reports", Self.demo + "/reports", "--db", db])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.text.contains("imported: 2 series, 2 reports, 0 suggestions"))
        #expect(first.stderr.contains("is the first user of this store and is now its admin"))
        let again = Fixtures.lightbox(["import", Self.demo + "/studies", "--reports", Self.demo + "/reports", "--db", db])
        #expect(again.text.contains("imported: 0 series, 0 reports, 0 suggestions\nduplicates: 2 series, 2 reports"), "\(again.output)")

        let intact = Fixtures.lightbox(["audit", "verify", "--db", db])
        #expect(intact.status == 0, "\(intact.output)")
        #expect(intact.text.hasPrefix("audit log intact:"))

        let tamper = runProcess("sqlite3", [db, "DROP TRIGGER audit_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 4;"])
        #expect(tamper.status == 0, "\(tamper.output)")
        let broken = Fixtures.lightbox(["audit", "verify", "--db", db])
        #expect(broken.status == 65)
        #expect(broken.stderr.hasPrefix("lightbox: audit log broken at entry #4 "), "\(broken.output)")
    }

    @Test func usersAndExportThroughTheEnvironmentPath() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let environment = ["LIGHTBOX_DB": folder + "/env.sqlite"]
        let add = Fixtures.lightbox(["users", "add", "rita", "reviewer"], environment: environment)
        #expect(add.status == 0, "\(add.output)")
        let list = Fixtures.lightbox(["users", "list"], environment: environment)
        #expect(list.text.contains("rita") && list.text.contains("reviewer") && list.text.contains("admin"))
        let bad = Fixtures.lightbox(["users", "add", "rita", "boss"], environment: environment)
        #expect(bad.status == 64)
        let export = Fixtures.lightbox(["export", "--format", "jsonl", "--out", folder + "/e.jsonl"], environment: environment)
        #expect(export.status == 0, "\(export.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/e.jsonl"))
        let verify = Fixtures.lightbox(["audit", "verify"], environment: environment)
        #expect(verify.text == "audit log intact: 3 entries\n", "\(verify.output)")
    }
}
