import FleetModel
import Foundation

/// Runs the built `flotilla` binary, for end-to-end tests.
public enum FlotillaProcess {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        /// Everything written to standard output.
        public var standardOutput: String
        /// Everything written to standard error.
        public var standardError: String
        /// The exit status.
        public var status: Int32
    }

    /// The binary: `$FLOTILLA_BINARY`, else `flotilla` beside the running test bundle.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["FLOTILLA_BINARY"] { return path }
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("flotilla").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return "flotilla"
    }

    /// Runs `flotilla arguments…` in `directory` and waits for it on a thread of its own
    /// (never on Swift's cooperative pool, which in-process sandboxes answer on).
    public static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:]
    ) async throws -> Result {
        try await CommandLineTool.run(binaryPath, arguments, environment: environment, in: directory)
    }
}
