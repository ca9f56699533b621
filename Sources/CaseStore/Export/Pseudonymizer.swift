import Foundation
import GRDB

/// Stable pseudonyms for de-identified exports: an HMAC of the real value under a secret kept
/// in the store. The same store always gives the same pseudonym (so exports can be joined),
/// and without the secret nobody can test a guessed patient ID against it.
struct Pseudonymizer {
    private let key: [UInt8]

    /// Loads the store's secret, creating it (audited) on first use.
    init(_ db: Database, store: CaseStore) throws {
        if let secret = try Data.fetchOne(db, sql: "SELECT value FROM store_settings WHERE key = 'pseudonym_secret'") {
            key = Array(secret)
            return
        }
        var generator = SystemRandomNumberGenerator()
        key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try db.execute(sql: "INSERT INTO store_settings (key, value) VALUES ('pseudonym_secret', ?)", arguments: [Data(key)])
        try AuditLog.append(db, store: store, action: "secret.create", objectType: "store", objectID: "pseudonym_secret")
    }

    /// `prefix` plus 16 hex digits, e.g. `P-3fa9…`; the prefix keeps IDs of different kinds apart.
    func pseudonym(_ prefix: String, _ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return prefix + "-" + String(SHA256.hexString(SHA256.hmac(key: key, message: Array((prefix + ":" + value).utf8))).prefix(16))
    }
}
