import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// Ctrl-C during `flotilla sync`: the run stops at once, what finished is recorded, what was
/// cut short keeps its earlier state, and the exit status is 130.
@Suite("flotilla sync interrupted")
struct InterruptTests {
    @Test("SIGINT while one cluster hangs: exit 130 at once, the finished targets recorded, the others not")
    func interrupted() async throws {
        let names = ["i1", "i2", "i3"]
        let fleet = try await SandboxFleet.start(names: names, options: SandboxOptions(rolloutDelay: .milliseconds(50)))
        let session = try FlotillaSession()
        defer { session.remove() }
        do {
            try await run(fleet, names, session)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    private func run(_ fleet: SandboxFleet, _ names: [String], _ session: FlotillaSession) async throws {
        let kubeconfig = try session.folder.write("kubeconfig", fleet.kubeconfig())
        #expect(try await session.run(["cluster", "add", "--kubeconfig", kubeconfig] + names).status == 0)
        let repo = try await GitRepository()
        defer { repo.folder.remove() }
        try repo.write("web/web.yaml", KillTests.manifests(replicas: 1))
        try await repo.commit("one")
        try FileManager.default.createSymbolicLink(
            atPath: session.folder.path + "/gitops", withDestinationPath: repo.folder.path)
        let fleetFile = try session.folder.write("fleet.yaml", KillTests.fleet)
        var hang = SandboxFaults()
        hang.hang = true
        try await fleet.members[2].server.setFaults(hang)

        let environment = session.environment
        let directory = session.folder.path
        let database = session.home + "/flotilla.db"
        let outcome = await BlockingWork.run { () -> Interrupted? in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FlotillaProcess.binaryPath)
            process.arguments = ["sync", fleetFile, "--request-timeout", "60"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let errors = Pipe()
            let output = Pipe()
            process.standardOutput = output
            process.standardError = errors
            guard (try? process.run()) != nil else { return nil }
            // Interrupt once the two healthy clusters' four targets are recorded.
            let patience = Date(timeIntervalSinceNow: 30)
            while Self.recordedTargets(database) < 4, Date() < patience { usleep(100_000) }
            let interrupted = Date()
            kill(process.processIdentifier, SIGINT)
            let standardError = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let standardOutput = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return Interrupted(
                status: process.terminationStatus, standardOutput: standardOutput, standardError: standardError,
                stopping: Date().timeIntervalSince(interrupted))
        }
        let result = try #require(outcome, "flotilla did not start")
        #expect(result.status == 130, "\(result.standardError)")
        #expect(result.stopping < 10, "stops at once, not after the 60 s request timeout: \(result.stopping) s")
        #expect(
            result.standardError.contains("interrupted: 4 of 6 targets finished and were recorded"),
            "\(result.standardError)")
        #expect(Self.recordedTargets(database) == 4, "the hanging cluster's targets are not recorded")
        #expect(
            result.standardOutput.contains("Application a-i1 on cluster i1: synced, Healthy\n"),
            "what finished is still shown: \(result.standardOutput)")
        #expect(!result.standardOutput.contains("cluster i3"), "what was cut short is not")
        let check = try await CommandLineTool.run("sqlite3", [database, "PRAGMA integrity_check"])
        #expect(check.standardOutput == "ok\n")
    }

    struct Interrupted: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var stopping: TimeInterval
    }

    /// Rows in the registry's target table (0 while it cannot be read).
    static func recordedTargets(_ database: String) -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, "SELECT count(*) FROM target"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return 0 }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
