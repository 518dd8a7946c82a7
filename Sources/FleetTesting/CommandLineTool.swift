import FleetModel
import Foundation

/// Runs another command-line tool (kubectl, git) for end-to-end tests.
public enum CommandLineTool {
    /// Runs `executable arguments…`, found on `PATH`, with extra environment.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
    )
        throws -> FlotillaProcess.Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return try FlotillaProcess.collect(process)
    }
}

extension CommandLineTool {
    /// `run`, waiting on a thread of its own: a test that serves a sandbox in its own
    /// process must not block the threads that sandbox answers on.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
    ) async throws -> FlotillaProcess.Result {
        try await BlockingWork.run {
            Result { try run(executable, arguments, environment: environment, in: directory) }
        }.get()
    }
}
