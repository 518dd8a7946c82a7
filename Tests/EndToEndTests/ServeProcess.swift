import FleetModel
import FleetTesting
import Foundation

/// `flotilla serve` running in the background of a test: its log (standard error) in a file
/// the test reads as it grows, its HTTP address learnt from the log, SIGTERM and the exit status.
final class ServeProcess: @unchecked Sendable {
    private let process = Process()
    /// The log file.
    let logPath: String

    /// Starts `flotilla serve arguments…` in `session` (listening on a free port).
    init(_ session: FlotillaSession, _ arguments: [String]) throws {
        logPath = session.folder.path + "/serve-\(UUID().uuidString.prefix(8)).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw FleetHarness.HarnessFailure(message: "cannot create \(logPath)")
        }
        process.executableURL = URL(fileURLWithPath: FlotillaProcess.binaryPath)
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(session.environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: session.folder.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
    }

    /// Everything logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The pid.
    var pid: Int32 { process.processIdentifier }

    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }

    /// `http://host:port`, once the server listens.
    var address: String? {
        guard let range = log.range(of: #"address=http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            return nil
        }
        return String(log[range].dropFirst("address=".count))
    }

    /// Waits (polling, up to `limit`) until the first cycle finished (`/readyz` answers 200).
    func waitUntilReady(within limit: Duration = .seconds(60)) async throws {
        try await Self.poll("flotilla serve to be ready", within: limit) {
            guard let address = self.address else { return false }
            return try await Self.get(address + "/readyz").status == 200
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        return await exitStatus()
    }

    /// Waits for the process to end; its exit status.
    func exitStatus() async -> Int32 {
        await BlockingWork.run { [process] in
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// GET `url` with curl: the status and the body.
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        try await request(["-sS", url])
    }

    /// curl with `arguments` (the URL among them): the status and the body.
    static func request(_ arguments: [String]) async throws -> (status: Int, body: String) {
        let result = try await CommandLineTool.run("curl", ["-s", "-w", "\n%{http_code}"] + arguments)
        var lines = result.standardOutput.components(separatedBy: "\n")
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    /// Polls `condition` every 100 ms until it holds or `limit` passes.
    static func poll(
        _ what: String, within limit: Duration, _ condition: @Sendable () async throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: limit)
        while try await !condition() {
            guard clock.now < end else { throw FleetHarness.HarnessFailure(message: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
