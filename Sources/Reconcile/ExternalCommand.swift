import ChildProcesses
import Foundation

/// Runs `git`, `tar` and `kubectl` for rendering: a child process under a deadline, killed
/// with everything it started when the render is cancelled, never seeing Flotilla's secrets
/// and never asking for a password.
enum ExternalCommand {
    struct Result: Sendable {
        var status: Int32
        var output: String
        var errorText: String
    }

    /// How long one command may take: a stalled remote must not hold its target forever.
    static let deadline = Duration.seconds(600)

    /// Runs `executable arguments…` (found on PATH) in `directory`, and waits for it at most
    /// `deadline`, reading at most `outputLimit` bytes of its output; `input` is its standard
    /// input (a secret handed over without argv or environment), else /dev/null.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment extra: [String: String] = [:], deadline: Duration = deadline, outputLimit: Int = 256 << 20,
        input: [UInt8]? = nil
    ) async -> Result {
        let environment = ChildProcess.inheritedEnvironment(
            ["GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"].merging(extra) { $1 })
        let child = ChildProcess(
            executable, arguments, environment: environment, directory: directory, deadline: deadline,
            outputLimit: outputLimit, input: input)
        switch await child.run() {
        case .exited(let status, let output, let errors):
            return Result(
                status: status, output: String(decoding: output, as: UTF8.self),
                errorText: String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        case .timedOut:
            return Result(status: 124, output: "", errorText: "\(executable) did not finish within \(deadline)")
        case .cancelled:
            return Result(status: 130, output: "", errorText: "\(executable) was cancelled")
        case .outputTooLarge:
            return Result(status: 125, output: "", errorText: "\(executable) printed more than it may")
        case .failedToStart(let reason):
            return Result(status: 127, output: "", errorText: "could not start \(reason)")
        }
    }
}
