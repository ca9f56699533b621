import Foundation
import LightboxTestSupport
import Testing

/// `lightbox view` driven through tmux as a doctor would use it: real keys, real terminal sizes and
/// environments, and a check that the shell is usable afterwards.
@Suite("lightbox view", .serialized, .timeLimit(.minutes(2)))
struct ViewCommandTests {
    static let utf8 = ["LANG": "C.UTF-8"]
    static let truecolor = ["TERM": "xterm-256color", "COLORTERM": "truecolor"]
    static let palette256 = ["TERM": "xterm-256color"]

    /// A tmux session at the shell, with the viewer started on the phantom series.
    private func startViewer(cols: Int, rows: Int, environment: [String: String], arguments: String = "") throws -> TmuxSession {
        let session = try TmuxSession(cols: cols, rows: rows, environment: environment)
        session.run("\(lightboxBinary) view \(Fixtures.phantom.folder) \(arguments)")
        return session
    }

    private var sliceCount: Int { Fixtures.phantom.study.sliceCount }

    /// The row of the screen that starts with `prefix`, as row index and text.
    private func row(startingWith prefix: String, in screen: String) -> (Int, String)? {
        screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .first { $0.element.hasPrefix(prefix) }.map { ($0.offset, String($0.element)) }
    }

    @Test(arguments: [(80, 24), (200, 60)], [truecolor, palette256])
    func browsingAndQuitting(size: (Int, Int), terminal: [String: String]) throws {
        let session = try startViewer(cols: size.0, rows: size.1, environment: Self.utf8.merging(terminal) { $1 },
                                      arguments: "--slice 3")
        defer { session.kill() }
        #expect(session.waitFor("slice 3/\(sliceCount)"), "\(session.capture())")
        #expect(session.capture().contains("SYNTHETIC DEMO — not for clinical use"))
        #expect(session.isRunning("lightbox"))
        session.send("j")
        #expect(session.waitFor("slice 4/\(sliceCount)"))
        session.send("k")
        session.send("k")
        #expect(session.waitFor("slice 2/\(sliceCount)"))
        session.send("1")
        #expect(session.waitFor("lung W1500 L-600"))
        session.send("4")
        #expect(session.waitFor("bone W1800 L400"))
        session.send("+")
        #expect(session.waitFor("zoom 1.5x"))
        session.send("?")
        #expect(session.waitFor("window: lung mediastinum"))
        session.send("?")
        #expect(session.waitUntil { !$0.contains("window: lung mediastinum") } != nil)
        session.send("q")
        #expect(session.waitUntil { _ in session.showsShell } != nil)
        session.run("echo restored-ok")
        #expect(session.waitFor("\nrestored-ok"), "\(session.capture())")
    }

    @Test func withoutUTF8NothingButASCIIIsDrawn() throws {
        let session = try startViewer(cols: 80, rows: 24, environment: ["LANG": "C", "LC_ALL": "C"].merging(Self.palette256) { $1 })
        defer { session.kill() }
        #expect(session.waitFor("slice \((sliceCount + 1) / 2)/\(sliceCount)"))
        session.send("?")
        #expect(session.waitFor("window: lung"))
        let screen = session.capture(escapes: true)
        #expect(screen.utf8.allSatisfy { $0 < 0x80 }, "\(screen)")
        #expect(screen.contains("+----"))
        #expect(screen.contains("SYNTHETIC DEMO - not for clinical use"))
        session.send("q")
        #expect(session.waitUntil { _ in session.showsShell } != nil)
    }

    @Test func resizingRedrawsAtTheNewSize() throws {
        let session = try startViewer(cols: 80, rows: 24, environment: Self.utf8.merging(Self.truecolor) { $1 })
        defer { session.kill() }
        #expect(session.waitFor(" slice "))
        session.resize(cols: 120, rows: 40)
        // A capture can land mid-redraw, so wait for both bottom rows at their new places.
        let redrawn = session.waitUntil {
            self.row(startingWith: "q quit", in: $0)?.0 == 39 && self.row(startingWith: " slice ", in: $0)?.0 == 38
        }
        #expect(redrawn != nil, "\(session.capture())")
        session.resize(cols: 30, rows: 10)
        #expect(session.waitFor("have 30x10"))
        session.resize(cols: 80, rows: 24)
        #expect(session.waitUntil { self.row(startingWith: "q quit", in: $0)?.0 == 23 } != nil)
        session.send("q")
    }

    @Test func tooSmallATerminalAsksToBeEnlarged() throws {
        let session = try startViewer(cols: 30, rows: 10, environment: Self.utf8.merging(Self.palette256) { $1 })
        defer { session.kill() }
        #expect(session.waitFor("have 30x10"), "\(session.capture())")
        #expect(session.capture().contains("enlarge the terminal"))
        session.send("q")
        #expect(session.waitUntil { _ in session.showsShell } != nil)
    }

    @Test func aHangupRestoresTheTerminalAndExits() throws {
        let session = try startViewer(cols: 80, rows: 24, environment: Self.utf8.merging(Self.palette256) { $1 })
        defer { session.kill() }
        #expect(session.waitFor(" slice "))
        let pids = session.programPIDs
        #expect(pids.count == 1)
        for pid in pids { kill(pid, SIGHUP) }
        #expect(session.waitUntil { _ in session.showsShell } != nil)
        session.run("echo status=$?")
        #expect(session.waitFor("status=\(128 + SIGHUP)"), "\(session.capture())")
    }

    @Test func withoutATerminalItFailsWithOneLine() {
        let result = Fixtures.lightbox("view", Fixtures.phantom.folder)
        #expect(result.status == 64)
        #expect(result.stderr == "lightbox: view needs a terminal on stdin and stdout (for pipes use lightbox render)\n")
    }
}
