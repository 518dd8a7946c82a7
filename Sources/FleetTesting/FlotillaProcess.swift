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
        try await BlockingWork.run {
            Swift.Result { try runBlocking(arguments, in: directory, environment: environment) }
        }.get()
    }

    private static func runBlocking(
        _ arguments: [String], in directory: String, environment: [String: String]
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaryPath)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try collect(process)
    }

    /// Runs a configured process to its end, collecting its output.
    static func collect(_ process: Process) throws -> Result {
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = CollectedPipe(output)
        let errorData = CollectedPipe(errors)
        process.waitUntilExit()
        return Result(
            standardOutput: String(decoding: outputData.wait(), as: UTF8.self),
            standardError: String(decoding: errorData.wait(), as: UTF8.self),
            status: process.terminationStatus)
    }
}

/// Reads a pipe to its end on a background thread, so a chatty child never blocks on a full pipe.
private final class CollectedPipe: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
