import Testing
import TerminalGraphics

struct CapabilitiesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let environment: [String: String]
        let terminfoColors: Int?
        let mode: ColorMode
        let unicode: Bool
        var testDescription: String { "\(environment) colors=\(terminfoColors.map(String.init) ?? "nil")" }
    }

    static let rows: [Row] = [
        Row(environment: ["COLORTERM": "truecolor", "LANG": "en_US.UTF-8"], terminfoColors: 256, mode: .truecolor, unicode: true),
        Row(environment: ["COLORTERM": "24bit"], terminfoColors: 8, mode: .truecolor, unicode: false),
        Row(environment: ["COLORTERM": "TrueColor"], terminfoColors: nil, mode: .truecolor, unicode: false),
        Row(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"], terminfoColors: 256, mode: .monochrome, unicode: false),
        Row(environment: ["NO_COLOR": "", "TERM": "xterm-256color"], terminfoColors: nil, mode: .palette256, unicode: false),
        Row(environment: ["TERM": "screen-256color"], terminfoColors: nil, mode: .palette256, unicode: false),
        Row(environment: ["TERM": "xterm"], terminfoColors: 256, mode: .palette256, unicode: false),
        Row(environment: ["TERM": "xterm", "COLORTERM": "yes"], terminfoColors: 8, mode: .palette16, unicode: false),
        Row(environment: ["TERM": "linux"], terminfoColors: 16, mode: .palette16, unicode: false),
        Row(environment: ["TERM": "vt100"], terminfoColors: nil, mode: .monochrome, unicode: false),
        Row(environment: ["TERM": "dumb"], terminfoColors: 2, mode: .monochrome, unicode: false),
        Row(environment: ["LC_ALL": "C", "LC_CTYPE": "en_US.UTF-8"], terminfoColors: nil, mode: .monochrome, unicode: false),
        Row(environment: ["LC_ALL": "", "LC_CTYPE": "de_DE.utf8", "LANG": "C"], terminfoColors: nil, mode: .monochrome, unicode: true),
        Row(environment: ["LANG": "ja_JP.UTF-8"], terminfoColors: nil, mode: .monochrome, unicode: true),
        Row(environment: ["LC_CTYPE": "", "LANG": "en_GB.ISO-8859-1"], terminfoColors: nil, mode: .monochrome, unicode: false),
    ]

    @Test(arguments: rows)
    func detect_readsTheEnvironment(_ row: Row) {
        let capabilities = TerminalCapabilities.detect(environment: row.environment, terminfoColors: row.terminfoColors)
        #expect(capabilities.colorMode == row.mode)
        #expect(capabilities.unicode == row.unicode)
    }

    @Test func defaultGeometry_isHalfBlocksOnlyWithUnicode() {
        #expect(TerminalCapabilities(colorMode: .palette256, unicode: true).defaultGeometry == .half)
        #expect(TerminalCapabilities(colorMode: .palette256, unicode: false).defaultGeometry == .ascii)
    }
}
