import ArgumentParser
import Engine
import Foundation
import Registry

/// Runs `flotilla` with kubectl's exit codes: 0 success, 1 failure, 2 bad usage.
public enum CommandRunner {
    /// Parses `arguments` (the process's own when nil), runs the command and exits.
    public static func main(_ arguments: [String]? = nil) async -> Never {
        do {
            try await run(arguments)
            exit(0)
        } catch let failure as CommandFailure {
            Terminal.standardError.write("error: \(failure.message)\n")
            exit(failure.exitCode)
        } catch let error as RegistryError where error.isUnusableRegistry {
            // A registry or key that cannot be used is the caller's to fix, whatever the command.
            Terminal.standardError.write("error: \(error)\n")
            exit(2)
        } catch {
            let code = FlotillaCommand.exitCode(for: error)
            let message = FlotillaCommand.fullMessage(for: error)
            if code == .success {
                Terminal.standardOutput.write(message + "\n")
                exit(0)
            }
            if code == .validationFailure {
                let text = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
                Terminal.standardError.write("error: \(text)\n")
                exit(2)
            }
            if !message.isEmpty { Terminal.standardError.write("error: \(message)\n") }
            exit(code.rawValue)
        }
    }
}

extension CommandRunner {
    /// Parses `arguments` and runs the command they name, in this process.
    static func run(_ arguments: [String]?) async throws {
        var command = try FlotillaCommand.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }
}

/// A command that ran and failed: its message goes to stderr and the process exits with `exitCode`.
struct CommandFailure: Error {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A failure carrying a thrown error's description; a selection that matches nothing,
    /// and a registry or key that cannot be used, are usage errors (exit 2).
    init(_ error: any Error) {
        if let selection = error as? SelectionError {
            self.init(selection.message, exitCode: 2)
        } else {
            let unusable = (error as? RegistryError)?.isUnusableRegistry ?? false
            self.init((error as? LocalizedError)?.errorDescription ?? "\(error)", exitCode: unusable ? 2 : 1)
        }
    }
}
