/// Where the store lives when no `--db` is given: `$LIGHTBOX_DB`, else the config file's `database`,
/// else the XDG data folder, else `~/.local/share`, so that every user of a shared server can have one
/// without set-up.
public enum StorePath {
    public static func resolve(environment: [String: String], configured: String? = nil) -> String {
        if let explicit = environment["LIGHTBOX_DB"], !explicit.isEmpty { return explicit }
        if let configured { return configured }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/lightbox/lightbox.sqlite" }
        return (environment["HOME"] ?? ".") + "/.local/share/lightbox/lightbox.sqlite"
    }
}
