import Foundation
import Synchronization
import Testing
import LightboxTestSupport

/// The runner every command-line and tmux test goes through: it must report what the child did,
/// never deadlock on a chatty child, and survive being used from many threads at once.
@Suite("runProcess")
struct ProcessRunnerTests {
    @Test func reportsTheExitStatusBothStreamsAndTheEnvironment() {
        let result = runProcess("sh", ["-c", "echo out-$GREETING; echo err >&2; exit 3"], environment: ["GREETING": "hi"])
        #expect(result.status == 3)
        #expect(result.text == "out-hi\n")
        #expect(result.stderr == "err\n")
    }

    @Test func aLargeOutputOnBothStreamsDoesNotBlockTheChild() {
        // 1 MB on each stream, interleaved: far beyond a pipe's 64 KB buffer.
        let result = runProcess("sh", ["-c", "head -c 1048576 /dev/zero | tr '\\0' a; head -c 1048576 /dev/zero | tr '\\0' b >&2"])
        #expect(result.status == 0)
        #expect(result.stdout.count == 1_048_576 && result.stderr.utf8.count == 1_048_576)
    }

    @Test func aHungChildIsKilledAtTheTimeout() {
        let started = Date()
        let result = runProcess("sleep", ["30"], timeout: 1)
        #expect(result.status == 128 + SIGKILL)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aMissingProgramIsAStatusNotACrash() {
        #expect(runProcess("/nonexistent/program", []).status == 127)
    }

    @Test func manyThreadsStartingProcessesAtOnceEachGetTheirOwnOutput() {
        let outputs = Mutex([Int](repeating: -1, count: 64))
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let echoed = Int(runProcess("sh", ["-c", "echo \(index)"]).text.trimmingCharacters(in: .whitespacesAndNewlines))
            outputs.withLock { $0[index] = echoed ?? -1 }
        }
        #expect(outputs.withLock { $0 } == Array(0..<64))
    }
}
