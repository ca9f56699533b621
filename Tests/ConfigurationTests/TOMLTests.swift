@testable import Configuration
import Foundation
import LightboxTestSupport
import Testing

/// The TOML subset: what it reads, and that everything outside it is refused at the right line.
@Suite("TOML reader")
struct TOMLTests {
    static func parse(_ text: String) throws -> TOMLTable {
        try TOMLDocument(text: text, file: "test.toml").root
    }

    /// The error `text` raises, as the user sees it.
    static func failure(_ text: String) -> String? {
        do {
            _ = try TOMLDocument(text: text, file: "test.toml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsScalarValuesWithTheirLines() throws {
        let table = try Self.parse("""
            # settings
            name = "dark"   # trailing comment
            'literal key' = 'C:\\no\\escapes'
            "quoted key" = 1_000
            negative = -42
            ratio = 0.45
            big = 6.02e23
            small = -1E-3
            on = true
            off = false
            """)
        #expect(table.entries.map(\.key) == ["name", "literal key", "quoted key", "negative", "ratio", "big", "small", "on", "off"])
        #expect(table["name"] == TOMLTable.Entry(key: "name", value: .string("dark"), line: 2))
        #expect(table["literal key"]?.value == .string(#"C:\no\escapes"#))
        #expect(table["quoted key"]?.value == .integer(1000))
        #expect(table["negative"]?.value == .integer(-42))
        #expect(table["ratio"]?.value == .float(0.45))
        #expect(table["big"]?.value == .float(6.02e23))
        #expect(table["small"]?.value == .float(-0.001))
        #expect(table["on"]?.value == .boolean(true))
        #expect(table["off"]?.line == 10)
    }

    @Test func decodesEscapesInBasicStrings() throws {
        let table = try Self.parse(#"text = "say \"hi\"\\ \n\t\u00e9\U0001F600 \b\f\r""#)
        #expect(table["text"]?.value == .string("say \"hi\"\\ \n\té😀 \u{8}\u{C}\r"))
    }

    @Test func readsArraysAcrossLinesWithCommentsAndTrailingComma() throws {
        let table = try Self.parse("""
            keys = [
              "j",     # down
              "Down",
            ]
            empty = []
            nested = [[1, 2], [0.5], ["x", true]]
            after = 1
            """)
        #expect(table["keys"]?.value == .array([.string("j"), .string("Down")]))
        #expect(table["empty"]?.value == .array([]))
        #expect(table["nested"]?.value == .array([.array([.integer(1), .integer(2)]), .array([.float(0.5)]),
                                                  .array([.string("x"), .boolean(true)])]))
        #expect(table["after"]?.line == 7)
    }

    @Test func nestsDottedTableHeaders() throws {
        let table = try Self.parse("""
            top = 1
            [roles.title]
            fg = "white"
            [ roles . "selection" ]
            bg = "#5fafff"
            [keys]
            accept = "a"
            [roles]
            late = true
            """)
        guard case let .table(roles)? = table["roles"]?.value, case let .table(title)? = roles["title"]?.value,
              case let .table(selection)? = roles["selection"]?.value, case let .table(keys)? = table["keys"]?.value else {
            Issue.record("expected nested tables")
            return
        }
        #expect(table["roles"]?.line == 2)
        #expect(title["fg"]?.value == .string("white"))
        #expect(selection["bg"]?.value == .string("#5fafff"))
        #expect(keys["accept"]?.line == 7)
        #expect(roles["late"]?.value == .boolean(true))
        #expect(table.entries.map(\.key) == ["top", "roles", "keys"])
    }

    @Test func acceptsWindowsLineEndings() throws {
        let table = try Self.parse("a = 1\r\nb = [\r\n 2,\r\n]\r\n")
        #expect(table["b"] == TOMLTable.Entry(key: "b", value: .array([.integer(2)]), line: 2))
    }

    @Test(arguments: [
        ("a = 1\nb =\n", "test.toml:2: expected a value after '='"),
        ("a = 1\nb = # nothing\n", "test.toml:2: expected a value after '='"),
        ("a = 1\na = 2\n", "test.toml:2: duplicate key \"a\" (first on line 1)"),
        ("[t]\nx = 1\n[t]\n", "test.toml:3: table [t] is defined twice (first on line 1)"),
        ("t = 1\n[t.u]\n", "test.toml:2: \"t\" already has a value (line 1), so it cannot be a table"),
        ("[t.u]\n[t]\nu = 1\n", "test.toml:3: duplicate key \"u\" (first on line 1)"),
        ("theme = dark\n", "test.toml:1: expected a value, found dark (text needs quotes: \"dark\")"),
        ("a = \"open\n", "test.toml:1: the string is not closed with '\"'"),
        ("a = 'open\n", "test.toml:1: the string is not closed with \"'\""),
        ("a = \"\\q\"\n", "test.toml:1: unknown escape \\q in a string (write \\\\ for a backslash)"),
        ("a = \"\\u12\"\n", "test.toml:1: \\u12 needs 4 hexadecimal digits"),
        ("a = \"\\uD800\"\n", "test.toml:1: \\uD800 is not a Unicode character"),
        ("a = 1 2\n", "test.toml:1: unexpected '2' where the line should end"),
        ("a = [1,\n2\n3]\n", "test.toml:3: expected ',' or ']' in the list"),
        ("a = [1,\n2,\n", "test.toml:3: the list opened on line 1 is never closed with ']'"),
        ("a = [1,,2]\n", "test.toml:1: unexpected ',' where a value should be"),
        ("a.b = 1\n", "test.toml:1: dotted keys are not supported; put \"a\" under a [table] header"),
        ("a = {b = 1}\n", "test.toml:1: inline tables ({...}) are not supported; use a [table] header"),
        ("[[a]]\n", "test.toml:1: arrays of tables ([[...]]) are not supported"),
        ("a = \"\"\"x\"\"\"\n", "test.toml:1: multi-line strings (\"\"\") are not supported"),
        ("a = 1979-05-27\n", "test.toml:1: dates and times are not supported, found 1979-05-27"),
        ("a = 0xff\n", "test.toml:1: only decimal numbers are supported, found 0xff"),
        ("a = inf\n", "test.toml:1: inf and nan are not supported"),
        ("a = 012\n", "test.toml:1: invalid number 012"),
        ("a = 1__0\n", "test.toml:1: invalid number 1__0"),
        ("a = .5\n", "test.toml:1: invalid number .5"),
        ("a = 99999999999999999999\n", "test.toml:1: the integer 99999999999999999999 is too large"),
        ("a = 1e999\n", "test.toml:1: the number 1e999 is too large"),
        ("= 1\n", "test.toml:1: expected a key"),
        ("a 1\n", "test.toml:1: expected '=' after the key \"a\""),
        ("[a\n", "test.toml:1: expected ']' to close the table header"),
        ("[]\n", "test.toml:1: expected a table name after '['"),
        ("a = \"tab\tok\u{1}\"\n", "test.toml:1: control character U+0001 in a string; write it as an escape"),
    ])
    func refusesWithFileAndLine(text: String, message: String) {
        #expect(Self.failure(text) == message)
    }

    @Test func readsAFileAndStripsAByteOrderMark() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/bom.toml"
        try Data([0xEF, 0xBB, 0xBF] + Array("a = \"Müller\"\n".utf8)).write(to: URL(fileURLWithPath: path))
        let document = try TOMLDocument(contentsOfFile: path)
        #expect(document.file == path)
        #expect(document.root["a"]?.value == .string("Müller"))
    }

    @Test func refusesTextThatIsNotUTF8AtItsLine() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = folder + "/latin1.toml"
        // "Müller" in Latin-1: 0xFC is not valid UTF-8.
        try Data(Array("a = 1\nname = \"M".utf8) + [0xFC] + Array("ller\"\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigurationError(file: path, line: 2, message: "not valid UTF-8 text; save the file as UTF-8")) {
            try TOMLDocument(contentsOfFile: path)
        }
    }

    @Test func namesMissingFilesAndFolders() {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        #expect(throws: ConfigurationError(file: folder + "/none.toml", message: "no such file")) {
            try TOMLDocument(contentsOfFile: folder + "/none.toml")
        }
        #expect(throws: ConfigurationError(file: folder, message: "is a folder, not a file")) {
            try TOMLDocument(contentsOfFile: folder)
        }
    }
}
