import Foundation

/// What a finished process said.
public struct ProcessResult: Sendable {
    /// The exit status, or 128 + the signal number for a child killed by a signal (as a shell reports it).
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    public var text: String { String(decoding: stdout, as: UTF8.self) }
    /// Both streams, for failure messages.
    public var output: String { text + stderr }
}

/// Runs `executable` (a path, or a name looked up on PATH) to completion, with `environment` laid over
/// the test process's own.
///
/// Both pipes are drained together (`poll`), so a large output cannot block the child, and a child still
/// running after `timeout` seconds is killed, so a hung program fails its test instead of hanging the
/// whole run (CI has a limit). This is plain `posix_spawn` rather than Foundation's `Process`: tests
/// start processes from many threads at once, and `Process.run()` on Linux has crashed doing that
/// (while listing the descriptors to close), and its `readDataToEndOfFile()` traps on an interrupted read.
@discardableResult
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                       timeout: TimeInterval = 300) -> ProcessResult {
    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    guard let child = ChildProcess([executable] + arguments, environment: merged, capturingOutput: true) else {
        return ProcessResult(status: 127, stdout: Data(), stderr: "cannot start \(executable): \(String(cString: strerror(errno)))")
    }
    let (stdout, stderr) = child.drainOutput(until: Date().addingTimeInterval(timeout))
    return ProcessResult(status: child.waitForExit(), stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
}

/// A child process started with `posix_spawnp`: every signal unblocked and at its default, standard
/// input from /dev/null, and standard output and error either piped back to us or sent to /dev/null.
///
/// The signal reset matters because test threads (libdispatch workers) block most signals and a child
/// inherits that mask: a tmux server started from one would ignore SIGTERM, and the program under test
/// would never see SIGWINCH or SIGHUP.
struct ChildProcess {
    let pid: pid_t
    private let outputs: [Int32]

    /// Held from creating the pipes until the child has been spawned, so that a child started from
    /// another thread meanwhile cannot inherit our pipes' write ends (its reader would then wait for
    /// that unrelated child to exit before seeing the end of the output).
    private static let spawning = NSLock()

    /// Nil when the program cannot be started (`errno` says why).
    init?(_ arguments: [String], environment: [String: String], capturingOutput: Bool) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)

        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        var readEnds: [Int32] = [], writeEnds: [Int32] = []
        for target in [STDOUT_FILENO, STDERR_FILENO] {
            if capturingOutput {
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { return nil }
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                readEnds.append(ends[0])
                writeEnds.append(ends[1])
                posix_spawn_file_actions_adddup2(&actions, ends[1], target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        var pid = pid_t()
        let failure = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, &envp)
        writeEnds.forEach { close($0) }
        guard failure == 0 else {
            readEnds.forEach { close($0) }
            errno = failure
            return nil
        }
        self.pid = pid
        outputs = readEnds
    }

    /// Reads standard output and error until both end, killing the child if `deadline` passes first.
    func drainOutput(until deadline: Date) -> (stdout: Data, stderr: Data) {
        var collected = outputs.map { _ in Data() }
        var open = outputs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open.contains(where: { $0.fd >= 0 }) {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                kill(pid, SIGKILL)
                break
            }
            let ready = poll(&open, nfds_t(open.count), Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno != EINTR { break }
            // Nothing ready yet, or interrupted (then `revents` means nothing): poll again.
            guard ready > 0 else { continue }
            for index in open.indices where open[index].fd >= 0 && open[index].revents != 0 {
                let count = read(open[index].fd, &buffer, buffer.count)
                if count > 0 {
                    collected[index].append(contentsOf: buffer[..<count])
                } else if count == 0 || errno != EINTR {
                    close(open[index].fd)
                    open[index].fd = -1
                }
            }
        }
        open.filter { $0.fd >= 0 }.forEach { close($0.fd) }
        return (collected.first ?? Data(), collected.last ?? Data())
    }

    /// Reaps the child: its exit status, or 128 + the signal that ended it.
    func waitForExit() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// The `lightbox` binary of the current build: it sits in the build folder
/// beside the test bundle that is running.
public let lightboxBinary: String = {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.path != "/" {
        let candidate = url.deletingLastPathComponent().appendingPathComponent("lightbox")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        url = url.deletingLastPathComponent()
    }
    fatalError("no lightbox binary near \(CommandLine.arguments[0]); build the package first")
}()
