import FleetModel
import FleetTesting
import Foundation

/// `flotilla serve` running in the background of a test: its log (standard error) in a file
/// the test reads as it grows, its HTTP address learnt from the log, SIGTERM and the exit status.
final class ServeProcess: Sendable {
    private let process: BackgroundProcess
    /// The log file.
    let logPath: String

    /// Starts `flotilla serve arguments…` in `session` (listening on a free port), its
    /// standard error appended to a log file (through `sh`, which `exec`s it: one process).
    init(_ session: FlotillaSession, _ arguments: [String]) throws {
        logPath = session.folder.path + "/serve-\(UUID().uuidString.prefix(8)).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw FleetHarness.HarnessFailure(message: "cannot create \(logPath)")
        }
        process = BackgroundProcess(
            "/bin/sh",
            [
                "-c", #"log="$1"; shift; exec "$@" 2>>"$log""#, "sh", logPath, FlotillaProcess.binaryPath, "serve",
                "--listen", "127.0.0.1:0",
            ] + arguments,
            environment: session.environment, in: session.folder.path)
    }

    /// Everything logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The pid, once the server listens (it logs it).
    var pid: Int32? {
        guard let range = log.range(of: #"pid=[0-9]+"#, options: .regularExpression) else { return nil }
        return Int32(log[range].dropFirst("pid=".count))
    }

    /// `http://host:port` (or `https://`), once the server listens.
    var address: String? {
        guard let range = log.range(of: #"address=https?://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            return nil
        }
        return String(log[range].dropFirst("address=".count))
    }

    /// Waits (polling, up to `limit`) until the first cycle finished (`/readyz` answers 200).
    func waitUntilReady(within limit: Duration = .seconds(60)) async throws {
        try await Self.poll("flotilla serve to be ready", within: limit) {
            guard let address = self.address else { return false }
            return try await Self.request(["-k", address + "/readyz"]).status == 200
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        await signal(SIGTERM)
        return await exitStatus()
    }

    /// Sends `signal`.
    func signal(_ signal: Int32) async {
        await process.signal(signal)
    }

    /// Waits for the process to end; its exit status (-1 when it did not exit).
    func exitStatus() async -> Int32 {
        (try? await process.result().status) ?? -1
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

    /// A test that fails before `terminate()` must not leave `serve` running.
    deinit {
        let process = self.process
        Task { await process.signal(SIGKILL) }
    }
}
