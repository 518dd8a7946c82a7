import ChildProcesses
import FleetModel
import Foundation

/// Runs another command-line tool (kubectl, git, sqlite3, flotilla) for tests, through the
/// project's one process runner.
public enum CommandLineTool {
    /// Runs `executable arguments…`, found on the `PATH` of this process's environment
    /// merged with `environment`, in `directory`; waits on a thread of its own, so a test
    /// that serves a sandbox in its own process never blocks the threads that sandbox answers on.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
    ) async throws -> FlotillaProcess.Result {
        try FlotillaProcess.Result(
            await child(executable, arguments, environment: environment, in: directory).run(), of: executable)
    }

    /// The run `run` makes, with the whole environment (Flotilla's own variables included:
    /// tests hand `FLOTILLA_HOME` and the like to the program they test).
    static func child(
        _ executable: String, _ arguments: [String], environment: [String: String], in directory: String?
    ) -> ChildProcess {
        ChildProcess(
            "/usr/bin/env", [executable] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, directory: directory)
    }
}

extension FlotillaProcess.Result {
    /// The result of a run that exited; a run that did not is an error naming `executable`.
    init(_ outcome: ChildProcess.Outcome, of executable: String) throws {
        guard case .exited(let status, let output, let errors) = outcome else {
            throw CommandLineTool.Failure(description: "\(executable): \(outcome)")
        }
        self.init(
            standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: errors, as: UTF8.self), status: status)
    }
}

extension CommandLineTool {
    /// A run that did not exit (it could not start, was cancelled, or wrote too much).
    public struct Failure: Error, CustomStringConvertible {
        /// What happened.
        public var description: String
    }
}
