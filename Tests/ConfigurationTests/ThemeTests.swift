@testable import Configuration
import Foundation
import LightboxTestSupport
import TerminalGraphics
import Testing

/// Theme files, the built-in themes, and how colours reach each kind of terminal.
@Suite("Themes")
struct ThemeTests {
    static let builtins = ["colorblind-safe", "dark", "high-contrast", "light"]

    /// The repository's `Themes/` folder, found from this file.
    static let themesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    static func builtin(_ name: String) throws -> Theme {
        try Theme.load(nameOrPath: name, searchPaths: [])
    }

    static func failure(_ text: String) -> String? {
        do {
            _ = try Theme.parse(text: text, file: "mine.toml")
            return nil
        } catch {
            return error.description
        }
    }

    /// What the terminal shows for an xterm index.
    static func rgb(_ color: ResolvedColor) -> RGB? {
        guard case let .index(index) = color else { return nil }
        return TerminalColor.indexed(index).rgbValue
    }

    /// WCAG 2 contrast ratio, 1...21.
    static func contrast(_ a: RGB, _ b: RGB) -> Double {
        func luminance(_ c: RGB) -> Double {
            func linear(_ v: UInt8) -> Double {
                let s = Double(v) / 255
                return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
        }
        let (l1, l2) = (luminance(a), luminance(b))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    // MARK: Built-in themes

    @Test func theFourBuiltInThemesLoadWithTheirNames() throws {
        #expect(Theme.builtinNames == Self.builtins)
        for name in Self.builtins {
            #expect(try Self.builtin(name).name == name)
        }
        #expect(try Self.builtin("colorblind-safe").overlayColorMap == .viridis)
        #expect(try Self.builtin("dark").overlayColorMap == .turbo)
    }

    @Test func eachThemeFileIsByteForByteItsBuiltInCopy() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesFolder).filter { $0.hasSuffix(".toml") }
        #expect(files.sorted() == Self.builtins.map { $0 + ".toml" })
        for name in Self.builtins {
            let file = try Data(contentsOf: URL(fileURLWithPath: Self.themesFolder + "/" + name + ".toml"))
            #expect(file == Data(BuiltinThemes.texts[name]!.utf8), "Themes/\(name).toml differs from BuiltinThemes.swift")
        }
    }

    @Test func everyRoleResolvesInEveryColorMode() throws {
        for name in Self.builtins {
            let theme = try Self.builtin(name)
            for role in ThemeRole.allCases {
                for mode in ColorMode.allCases {
                    let style = theme[role].resolved(for: mode)
                    switch (mode, style.colors) {
                    case (.monochrome, nil):
                        #expect(style.attributes == theme[role].monochrome)
                    case let (.palette16, colors?):
                        for color in [colors.foreground, colors.background] {
                            if case let .index(index) = color { #expect(index < 16, "\(name) \(role) in 16 colours") }
                        }
                    case (.palette256, _?), (.truecolor, _?):
                        #expect(style.attributes == theme[role].attributes)
                    default:
                        Issue.record("\(name) \(role) in \(mode): \(style)")
                    }
                }
            }
        }
    }

    /// Where a theme sets both colours, they must still differ once squeezed into 16 or 256 colours.
    @Test func foregroundAndBackgroundStayDistinctInEveryMode() throws {
        for name in Self.builtins {
            let theme = try Self.builtin(name)
            for role in ThemeRole.allCases
            where theme[role].foreground != .terminalDefault && theme[role].background != .terminalDefault {
                for mode in [ColorMode.palette16, .palette256] {
                    let colors = theme[role].resolved(for: mode).colors!
                    #expect(colors.foreground != colors.background, "\(name) \(role) in \(mode)")
                }
            }
        }
    }

    /// WCAG AA (4.5:1) for the roles people read (AAA, 7:1, in high-contrast), and 3:1 for every other
    /// role with two concrete colours, measured on the xterm colours the terminal actually shows.
    @Test func textIsReadable() throws {
        let readRoles: [ThemeRole] = [.text, .title, .bar, .selection, .warning]
        var checked = 0
        for name in Self.builtins {
            let theme = try Self.builtin(name)
            for role in ThemeRole.allCases {
                guard let colors = theme[role].resolved(for: .palette256).colors,
                      let fg = Self.rgb(colors.foreground), let bg = Self.rgb(colors.background) else { continue }
                let minimum = readRoles.contains(role) ? (name == "high-contrast" ? 7 : 4.5) : 3
                #expect(Self.contrast(fg, bg) >= minimum, "\(name) \(role): \(Self.contrast(fg, bg))")
                checked += 1
            }
            for role in [ThemeRole.bar, .selection, .warning] {
                #expect(theme[role].background != .terminalDefault, "\(name) \(role) must bring its own background")
            }
        }
        #expect(checked >= 2 * 3 + 2 * 15)  // bar, selection, warning in dark themes; every role in light and high-contrast
    }

    @Test func theWarningIsLoudEvenWithoutColour() throws {
        for name in Self.builtins {
            let mono = try Self.builtin(name)[.warning].monochrome
            #expect(mono.isSuperset(of: [.bold, .reverse]), "\(name)")
        }
    }

    /// Colour-blind safety: no colour is mostly green, and the pairs that carry meaning stay apart for
    /// protanopes and deuteranopes (Machado et al. 2009, severity 1, applied in linear RGB).
    @Test func colorblindSafeThemeSurvivesRedGreenBlindness() throws {
        let theme = try Self.builtin("colorblind-safe")
        let shown = { (role: ThemeRole) in Self.rgb(theme[role].resolved(for: .palette256).colors!.foreground)! }
        for role in ThemeRole.allCases {
            let colors = theme[role].resolved(for: .palette256).colors!
            for color in [colors.foreground, colors.background] {
                guard let rgb = Self.rgb(color) else { continue }
                #expect(!(rgb.g > rgb.r && rgb.g > rgb.b), "\(role) is greenish: \(rgb)")
            }
        }
        let protanopia: [[Double]] = [
            [0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998],
        ]
        let deuteranopia: [[Double]] = [
            [0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881],
        ]
        func simulate(_ c: RGB, _ m: [[Double]]) -> [Double] {
            let linear = [c.r, c.g, c.b].map { v -> Double in
                let s = Double(v) / 255
                return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return m.map { row in
                let l = min(max(zip(row, linear).map(*).reduce(0, +), 0), 1)
                return 255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * pow(l, 1 / 2.4) - 0.055)
            }
        }
        for (a, b) in [(ThemeRole.pending, ThemeRole.reviewed), (.error, .success), (.probability, .probabilityTop)] {
            for matrix in [protanopia, deuteranopia] {
                let (x, y) = (simulate(shown(a), matrix), simulate(shown(b), matrix))
                let distance = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                #expect(distance > 100, "\(a) vs \(b): \(distance)")
            }
        }
    }

    // MARK: Colours

    @Test(arguments: [
        ("default", .terminalDefault), ("black", .indexed(0)), ("Red", .indexed(1)), ("white", .indexed(7)),
        ("bright_black", .indexed(8)), ("bright_white", .indexed(15)), ("123", .indexed(123)), ("0", .indexed(0)),
        ("#FF8000", .rgb(RGB(255, 128, 0))), ("#5fafff", .rgb(RGB(95, 175, 255))),
    ] as [(String, ThemeColor)])
    func readsColorNames(name: String, color: ThemeColor) {
        #expect(ThemeColor(name: name) == color)
    }

    @Test(arguments: ["", "purple", "256", "-1", "#fff", "#12345g", "bright-red", "0x10", "+5"])
    func refusesOtherColorNames(name: String) {
        #expect(ThemeColor(name: name) == nil)
    }

    @Test func mapsRGBToTheNearestColorEachModeCanShow() {
        let red = ThemeColor.rgb(RGB(255, 0, 0))
        #expect(red.resolved(for: .truecolor) == .index(196))
        #expect(red.resolved(for: .palette256) == .index(196))
        #expect(red.resolved(for: .palette16) == .index(9))
        #expect(red.resolved(for: .monochrome) == nil)
        // Pure black and white are exact entries among 0-15, but a theme's #rrggbb must not depend on a
        // user's remapped system colours: they become cube entries.
        #expect(ThemeColor.rgb(RGB(0, 0, 0)).resolved(for: .palette256) == .index(16))
        #expect(ThemeColor.rgb(RGB(255, 255, 255)).resolved(for: .palette256) == .index(231))
        #expect(ThemeColor.rgb(RGB(100, 100, 100)).resolved(for: .palette256) == .index(241))
        #expect(ThemeColor.rgb(RGB(0, 0, 0)).resolved(for: .palette16) == .index(0))
    }

    @Test func keepsPaletteIndicesAndSqueezesHighOnesInto16Colors() {
        #expect(ThemeColor.indexed(1).resolved(for: .palette256) == .index(1))
        #expect(ThemeColor.indexed(12).resolved(for: .palette16) == .index(12))
        #expect(ThemeColor.indexed(196).resolved(for: .truecolor) == .index(196))
        #expect(ThemeColor.indexed(196).resolved(for: .palette16) == .index(9))     // (255, 0, 0)
        #expect(ThemeColor.indexed(232).resolved(for: .palette16) == .index(0))     // grey 8
        #expect(ThemeColor.terminalDefault.resolved(for: .palette16) == .terminalDefault)
        #expect(ThemeColor.terminalDefault.resolved(for: .monochrome) == nil)
    }

    // MARK: Theme files

    @Test func readsRolesAndFillsTheRestWithMonochromeAttributes() throws {
        let theme = try Theme.parse(text: """
            [roles.selection]
            fg = 0
            bg = "#5fafff"
            attrs = "bold"
            mono = ["underline", "Italic"]
            [roles.probability_top]
            fg = "bright_cyan"
            """, file: "/somewhere/mine.toml")
        #expect(theme.name == "mine")
        #expect(theme.overlayColorMap == .turbo)
        #expect(theme[.selection] == ThemeStyle(foreground: .indexed(0), background: .rgb(RGB(95, 175, 255)),
                                                attributes: .bold, monochrome: [.underline, .italic]))
        #expect(theme[.probabilityTop] == ThemeStyle(foreground: .indexed(14), monochrome: .bold))
        #expect(theme[.warning] == ThemeStyle(attributes: [.bold, .reverse], monochrome: [.bold, .reverse]))
        #expect(theme[.warning].resolved(for: .palette256)
            == ResolvedStyle(colors: ResolvedColors(foreground: .terminalDefault, background: .terminalDefault),
                             attributes: [.bold, .reverse]))
        #expect(theme[.bar].resolved(for: .monochrome) == ResolvedStyle(colors: nil, attributes: .reverse))
    }

    @Test(arguments: [
        ("colour = 1", "mine.toml:1: unknown key \"colour\"; expected one of: name, overlay_colormap, roles"),
        ("overlay_colormap = \"rainbow\"", "mine.toml:1: overlay_colormap must be one of viridis, inferno, turbo, jet, not \"rainbow\""),
        ("[roles.selected]", "mine.toml:1: unknown key \"selected\" in [roles]; expected one of: text, title, bar, selection, "
            + "dim, warning, error, success, pending, reviewed, accent, probability, probability_top, highlight, border"),
        ("[roles.text]\nfg = \"purple\"", "mine.toml:2: fg: unknown colour \"purple\"; use \"default\", an ANSI name "
            + "(black, red, ..., bright_white), an xterm index 0-255 or \"#rrggbb\""),
        ("[roles.text]\nbg = 300", "mine.toml:2: bg: unknown colour \"300\"; use \"default\", an ANSI name "
            + "(black, red, ..., bright_white), an xterm index 0-255 or \"#rrggbb\""),
        ("[roles.text]\n\nattrs = [\"blink\"]",
         "mine.toml:3: attrs: unknown attribute \"blink\"; expected bold, underline, reverse, dim, italic"),
        ("[roles.text]\nforeground = \"red\"",
         "mine.toml:2: unknown key \"foreground\" in [roles.text]; expected one of: fg, bg, attrs, mono"),
        ("roles = 1", "mine.toml:1: roles must be a table ([roles] header), not an integer"),
        ("[roles]\ntext = \"red\"", "mine.toml:2: text must be a table ([roles.text] header), not a string"),
        ("name = [\"x\"]", "mine.toml:1: name must be a string, not a list"),
    ])
    func refusesMistakesWithFileAndLine(text: String, message: String) {
        #expect(Self.failure(text) == message)
    }

    // MARK: Finding themes

    @Test func searchPathsComeBeforeBuiltInThemesAndPathsAreFiles() throws {
        let first = makeTemporaryFolder(), second = makeTemporaryFolder()
        defer { removeFolder(first); removeFolder(second) }
        try "name = \"my dark\"\n".write(toFile: second + "/dark.toml", atomically: true, encoding: .utf8)
        try "overlay_colormap = \"jet\"\n".write(toFile: first + "/jet.toml", atomically: true, encoding: .utf8)
        #expect(try Theme.load(nameOrPath: "dark", searchPaths: [first, second]).name == "my dark")
        #expect(try Theme.load(nameOrPath: "jet", searchPaths: [first, second]).overlayColorMap == .jet)
        #expect(try Theme.load(nameOrPath: "light", searchPaths: [first, second]).name == "light")
        #expect(try Theme.load(nameOrPath: first + "/jet.toml", searchPaths: []).name == "jet")
        #expect(Theme.availableNames(searchPaths: [first, second, first + "/missing"])
            == ["colorblind-safe", "dark", "high-contrast", "jet", "light"])
    }

    @Test func anUnknownNameListsTheAvailableThemes() {
        #expect(throws: ConfigurationError(file: nil, message: "unknown theme \"drak\"; available themes: "
            + "colorblind-safe, dark, high-contrast, light")) {
            try Theme.load(nameOrPath: "drak", searchPaths: ["/nonexistent"])
        }
    }

    @Test func aBrokenThemeFileIsReportedAtItsLine() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        try "[roles.title]\nfg = \"#12345\"\n".write(toFile: folder + "/broken.toml", atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError(file: folder + "/broken.toml", line: 2, message: "fg: unknown colour \"#12345\"; "
            + "use \"default\", an ANSI name (black, red, ..., bright_white), an xterm index 0-255 or \"#rrggbb\"")) {
            try Theme.load(nameOrPath: "broken", searchPaths: [folder])
        }
        #expect(throws: ConfigurationError(file: folder + "/none.toml", message: "no such file")) {
            try Theme.load(nameOrPath: folder + "/none.toml", searchPaths: [])
        }
    }
}
