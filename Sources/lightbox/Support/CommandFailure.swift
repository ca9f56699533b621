import ArgumentParser
import Foundation

/// Ends a command with one line on stderr that a user understands, and an exit
/// code from sysexits(3) that a script can act on.
struct CommandFailure: Error {
    enum Kind: Int32 {
        case usage = 64          // EX_USAGE: the command was used the wrong way (e.g. without a terminal)
        case badData = 65        // EX_DATAERR: the input exists but cannot be used
        case noInput = 66        // EX_NOINPUT: the input does not exist
        case cannotCreate = 73   // EX_CANTCREAT: an output cannot be written
        case config = 78         // EX_CONFIG: the configuration (config.toml, a theme) is wrong
    }

    let message: String
    let kind: Kind

    init(_ message: String, _ kind: Kind = .badData) {
        self.message = message
        self.kind = kind
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a `CommandFailure` into its message and exit code.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            writeErr("lightbox: \(failure.message)\n")
            throw ExitCode(failure.kind.rawValue)
        }
    }
}

/// Writes text to stdout without Swift's print buffering surprises in pipes.
func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Progress and notices go to stderr, so stdout stays the command's result.
func writeErr(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
