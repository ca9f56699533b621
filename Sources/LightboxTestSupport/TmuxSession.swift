import Foundation

/// A detached tmux session of a given size running a shell, for driving full-screen programs as a user
/// would. Each session has its own server socket (`tmux -L`), so tests running in parallel never meet.
/// The shell starts from an empty environment plus `environment`, so the test machine's TERM, COLORTERM
/// or locale cannot leak into what is being tested.
public struct TmuxSession: Sendable {
    public let socket: String
    /// The shell prompt, distinct enough to recognise "back at the shell".
    public static let prompt = "lbx-prompt$ "

    /// Starts `bash` in a `cols` x `rows` window with exactly `environment` (plus PATH, HOME and the prompt).
    public init(cols: Int, rows: Int, environment: [String: String]) throws {
        socket = "lbx-\(getpid())-\(UUID().uuidString.prefix(8))"
        var variables = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                         "HOME": NSTemporaryDirectory(), "PS1": Self.prompt]
        for (key, value) in environment { variables[key] = value }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let shell = (["env", "-i"] + assignments + ["bash", "--norc", "--noprofile"]).map(Self.quoted).joined(separator: " ")
        let status = Self.runWithoutPipes(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "main",
                                                   "-x", "\(cols)", "-y", "\(rows)", shell])
        guard status == 0 else { throw TmuxError(message: "tmux new-session failed with status \(status)") }
        // tmux drops the trailing space of the prompt.
        guard waitFor("lbx-prompt$") else {
            let screen = capture()
            kill()
            throw TmuxError(message: "no shell prompt in tmux: \(screen)")
        }
    }

    /// Types `line` at the shell and presses Enter.
    public func run(_ line: String) {
        send(literal: line)
        send("Enter")
    }

    /// tmux key names ("Enter", "PageDown", "Up", "q", "C-c").
    public func send(_ keys: String...) {
        tmux(["send-keys", "-t", "main"] + keys)
    }

    /// Text typed as is, no key-name lookup.
    public func send(literal text: String) {
        tmux(["send-keys", "-t", "main", "-l", text])
    }

    /// The visible pane; with `escapes`, including the SGR sequences tmux would redraw it with.
    public func capture(escapes: Bool = false) -> String {
        tmux(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : [])).text
    }

    /// Polls the pane until it contains `text`; false after `timeout` seconds.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 20) -> Bool {
        waitUntil(timeout: timeout) { $0.contains(text) } != nil
    }

    /// Polls the pane until `condition` holds for its text, which is returned; nil after `timeout` seconds.
    public func waitUntil(timeout: Double = 20, _ condition: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let screen = capture()
            if condition(screen) { return screen }
            usleep(50_000)
        } while Date() < deadline
        return nil
    }

    public func resize(cols: Int, rows: Int) {
        tmux(["resize-window", "-t", "main", "-x", "\(cols)", "-y", "\(rows)"])
    }

    /// The program in the foreground of the pane, as tmux names it ("bash" at the prompt).
    public var foregroundCommand: String {
        tmux(["display-message", "-p", "-t", "main", "#{pane_current_command}"]).text
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True while `program` runs in the pane (tmux reports the foreground process's name).
    public func isRunning(_ program: String) -> Bool { foregroundCommand == program }

    /// True when the shell is in the foreground again.
    public var showsShell: Bool { foregroundCommand == "bash" }

    /// The process ids of the shell's children (the program started from it).
    public var programPIDs: [Int32] {
        let shell = tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"]).text.trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { Int32($0) }
    }

    /// Ends the session and its server.
    public func kill() {
        tmux(["kill-server"])
    }

    @discardableResult
    private func tmux(_ arguments: [String]) -> ProcessResult {
        runProcess("tmux", ["-L", socket] + arguments)
    }

    /// Starts the tmux server without pipes: it outlives the command, and would hold them open.
    private static func runWithoutPipes(_ arguments: [String]) -> Int32 {
        guard let child = ChildProcess(arguments, environment: ProcessInfo.processInfo.environment,
                                       capturingOutput: false) else { return 127 }
        return child.waitForExit()
    }

    private static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
