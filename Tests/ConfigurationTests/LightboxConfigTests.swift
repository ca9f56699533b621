import Configuration
import Foundation
import LightboxTestSupport
import TerminalGraphics
import Testing

/// The settings file: every field, where it is looked for, and the messages for mistakes.
@Suite("Settings file")
struct LightboxConfigTests {
    static func failure(_ text: String) -> String? {
        do {
            _ = try LightboxConfig.parse(text: text, file: "config.toml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsEveryField() throws {
        let config = try LightboxConfig.parse(text: """
            theme = "high-contrast"
            colors = "256"
            cells = "Sextant"
            database = "/data/store.sqlite"
            privacy = true
            auto_advance = false
            blind_read = true
            overlay_opacity = 0.3
            model = "/srv/models/fused-0.1"

            [keys]
            accept = "a"
            next_slice = ["j", "Down"]
            """, file: "/home/u/.config/lightbox/config.toml")
        #expect(config.file == "/home/u/.config/lightbox/config.toml")
        #expect(config.theme == "high-contrast")
        #expect(config.colorMode == .palette256)
        #expect(config.cellGeometry == .sextant)
        #expect(config.database == "/data/store.sqlite")
        #expect(config.privacy == true)
        #expect(config.autoAdvance == false)
        #expect(config.blindRead == true)
        #expect(config.overlayOpacity == 0.3)
        #expect(config.model == "/srv/models/fused-0.1" && config.modelLine == 9)
        #expect(config.keys == ["accept": ["a"], "next_slice": ["j", "Down"]])
        #expect(config.keyLines == ["accept": 12, "next_slice": 13])
    }

    @Test func leavesUnsetFieldsNilSoTheCommandLineCanApplyItsDefaults() throws {
        let config = try LightboxConfig.parse(text: "# nothing set\n", file: "config.toml")
        #expect(config == { var empty = LightboxConfig(); empty.file = "config.toml"; return empty }())
        #expect(config.theme == nil && config.colorMode == nil && config.privacy == nil && config.keys.isEmpty)
    }

    @Test(arguments: [
        ("colors = \"auto\"", nil), ("colors = \"truecolor\"", .truecolor), ("colors = 256", .palette256),
        ("colors = \"16\"", .palette16), ("colors = \"MONO\"", .monochrome),
    ] as [(String, ColorMode?)])
    func readsColorModes(line: String, mode: ColorMode?) throws {
        #expect(try LightboxConfig.parse(text: line, file: "config.toml").colorMode == mode)
    }

    @Test func readsEveryCellGeometryUnderTheNamesOfTheCommandLine() throws {
        for geometry in CellGeometry.allCases {
            #expect(try LightboxConfig.parse(text: "cells = \"\(geometry.rawValue)\"", file: "c").cellGeometry == geometry)
        }
        #expect(try LightboxConfig.parse(text: "cells = \"quad\"", file: "c").cellGeometry == .quadrant)
        #expect(try LightboxConfig.parse(text: "cells = \"auto\"", file: "c").cellGeometry == nil)
    }

    @Test func resolvesRelativePathsAgainstTheFilesFolder() throws {
        let config = try LightboxConfig.parse(text: """
            database = "cases/store.sqlite"
            theme = "themes/mine.toml"
            model = "models/fused"
            """, file: "/etc/lightbox/config.toml")
        #expect(config.database == "/etc/lightbox/cases/store.sqlite")
        #expect(config.theme == "/etc/lightbox/themes/mine.toml")
        #expect(config.model == "/etc/lightbox/models/fused")
        let named = try LightboxConfig.parse(text: "theme = \"dark\"", file: "/etc/lightbox/config.toml")
        #expect(named.theme == "dark")
    }

    @Test(arguments: [
        ("colour = \"256\"", "config.toml:1: unknown key \"colour\"; expected one of: theme, colors, cells, database, "
            + "privacy, auto_advance, blind_read, overlay_opacity, model, keys"),
        ("\nprivacy = \"yes\"", "config.toml:2: privacy must be true or false, not a string"),
        ("theme = 1", "config.toml:1: theme must be a string, not an integer"),
        ("colors = \"full\"", "config.toml:1: colors must be one of auto, truecolor, 256, 16, mono, not \"full\""),
        ("colors = 8", "config.toml:1: colors must be one of auto, truecolor, 256, 16, mono, not \"8\""),
        ("cells = true", "config.toml:1: cells must be a string, not true or false"),
        ("overlay_opacity = 1.5", "config.toml:1: overlay_opacity must be between 0 and 1, not 1.5"),
        ("overlay_opacity = \"0.5\"", "config.toml:1: overlay_opacity must be a number, not a string"),
        ("database = \"~/store.sqlite\"", "config.toml:1: database: \"~\" is not expanded here; write the full path"),
        ("database = \"\"", "config.toml:1: database must not be empty"),
        ("model = 1", "config.toml:1: model must be a string, not an integer"),
        ("\nmodel = \"\"", "config.toml:2: model must not be empty"),
        ("model = \"~/models/fused\"", "config.toml:1: model: \"~\" is not expanded here; write the full path"),
        ("keys = \"a\"", "config.toml:1: keys must be a table ([keys] header), not a string"),
        ("[keys]\naccept = 1", "config.toml:2: accept must be a string or a list of strings, not an integer"),
        ("[keys]\n\naccept = [\"a\", 2]", "config.toml:3: accept must list strings, but it contains an integer"),
        ("[keys]\naccept = []", "config.toml:2: accept needs at least one key name, and no empty ones"),
        ("[privacy]", "config.toml:1: privacy must be true or false, not a table"),
    ])
    func refusesMistakesWithFileAndLine(text: String, message: String) {
        #expect(Self.failure(text) == message)
    }

    @Test func pointsKeyProblemsAtTheActionsLine() throws {
        let config = try LightboxConfig.parse(text: "[keys]\naccept = \"a\"\nacept = \"x\"\n", file: "config.toml")
        #expect(config.keysError(action: "acept", message: "unknown action \"acept\"").description
            == "config.toml:3: unknown action \"acept\"")
    }

    @Test func pointsAModelThatDoesNotLoadAtItsLine() throws {
        let config = try LightboxConfig.parse(text: "privacy = true\nmodel = \"/srv/none\"\n", file: "config.toml")
        #expect(config.modelError("/srv/none/config.json: missing").description == "config.toml:2: model: /srv/none/config.json: missing")
    }

    @Test func aMissingFileMeansNoSettings() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        #expect(try LightboxConfig.load(path: folder + "/config.toml") == LightboxConfig())
    }

    @Test func loadsAFileAndReportsItsPath() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/config.toml"
        try "blind_read = true\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try LightboxConfig.load(path: path).blindRead == true)
        try "blind_read = true\nblind_read = false\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError(file: path, line: 2, message: "duplicate key \"blind_read\" (first on line 1)")) {
            try LightboxConfig.load(path: path)
        }
    }

    @Test func findsTheFileTheXDGWay() {
        #expect(LightboxConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/u"])
            == "/cfg/lightbox/config.toml")
        #expect(LightboxConfig.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.config/lightbox/config.toml")
        #expect(LightboxConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"])
            == "/home/u/.config/lightbox/config.toml")
        #expect(LightboxConfig.defaultPath(environment: ["XDG_CONFIG_HOME": ""]) == nil)
        #expect(LightboxConfig.userThemesFolder(environment: ["XDG_CONFIG_HOME": "/cfg"]) == "/cfg/lightbox/themes")
    }
}
