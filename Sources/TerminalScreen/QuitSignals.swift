import Glibc
import Synchronization

/// The last quit signal received, 0 for none. An atomic store is all a handler may safely do.
private let pendingSignal = Atomic<Int32>(0)

/// SIGHUP (the SSH connection dropped), SIGTERM and SIGINT only raise a flag; the input loop, which
/// wakes at least every input timeout, sees it and leaves normally, so the terminal is always restored
/// by the same code path as a normal exit.
enum QuitSignals {
    static let watched = [SIGHUP, SIGTERM, SIGINT]

    /// Installed before curses starts, so curses does not install its own handlers for these (it only
    /// replaces default ones, and its handler exits without the program's own clean-up).
    static func install() {
        _ = pendingSignal.load(ordering: .relaxed)  // initialise the global before any handler can run
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in pendingSignal.store(signal, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a blocking read returns at once with EINTR
        for signal in watched { sigaction(signal, &action, nil) }
        // A parent may have left them blocked (children inherit the mask), which would make them, and
        // curses' SIGWINCH, never arrive.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in watched + [SIGWINCH] { sigaddset(&unblocked, signal) }
        sigprocmask(SIG_UNBLOCK, &unblocked, nil)
    }

    /// The signal that asked the program to quit, if any.
    static var received: Int32? {
        let signal = pendingSignal.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
    }
}
