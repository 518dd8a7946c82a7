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
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .milliseconds(50))) { fleet, session in
            try await run(fleet, names, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ names: [String], _ session: FlotillaSession) async throws {
        try await FleetHarness.register(names, of: fleet, in: session)
        let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
        defer { repo.folder.remove() }
        let fleetFile = try session.folder.write("fleet.yaml", KillTests.fleet)
        try await fleet.members[2].server.setFaults(.hanging)

        let database = session.home + "/flotilla.db"
        let flotilla = BackgroundProcess.flotilla(
            ["sync", fleetFile, "--request-timeout", "60"], environment: session.environment, in: session.folder.path)
        // Interrupt once the two healthy clusters' four targets are recorded.
        let patience = Date(timeIntervalSinceNow: 30)
        while await Self.recordedTargets(database) < 4, Date() < patience {
            try await Task.sleep(for: .milliseconds(100))
        }
        let interrupted = Date()
        await flotilla.signal(SIGINT)
        let result = try await flotilla.result()
        let stopping = Date().timeIntervalSince(interrupted)
        #expect(result.status == 130, "\(result.standardError)")
        #expect(stopping < 10, "stops at once, not after the 60 s request timeout: \(stopping) s")
        #expect(
            result.standardError.contains("interrupted: 4 of 6 targets finished and were recorded"),
            "\(result.standardError)")
        #expect(await Self.recordedTargets(database) == 4, "the hanging cluster's targets are not recorded")
        #expect(
            result.standardOutput.contains("Application a-i1 on cluster i1: synced, Healthy\n"),
            "what finished is still shown: \(result.standardOutput)")
        #expect(!result.standardOutput.contains("cluster i3"), "what was cut short is not")
        let check = try await CommandLineTool.run("sqlite3", [database, "PRAGMA integrity_check"])
        #expect(check.standardOutput == "ok\n")
    }

    /// Rows in the registry's target table (0 while it cannot be read).
    static func recordedTargets(_ database: String) async -> Int {
        let count = try? await CommandLineTool.run("sqlite3", [database, "SELECT count(*) FROM target"])
        return Int(count?.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }
}
