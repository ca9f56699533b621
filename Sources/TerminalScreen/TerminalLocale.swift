import Glibc
import TerminalGraphics

/// The process locale, which decides whether curses may write UTF-8 at all.
enum TerminalLocale {
    /// Sets the locale from the environment. A bare image has only C.UTF-8, so a user who asks for
    /// en_US.UTF-8 would otherwise get the C locale and see escaped bytes; then C.UTF-8 stands in.
    /// Returns whether the active codeset is UTF-8.
    static func activate(environment: [String: String]) -> Bool {
        setlocale(LC_ALL, "")
        if !isUTF8, TerminalCapabilities.detect(environment: environment, terminfoColors: nil).unicode {
            setlocale(LC_ALL, "C.UTF-8")
        }
        return isUTF8
    }

    private static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }
}
