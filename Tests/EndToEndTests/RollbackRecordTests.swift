import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// A rollback stays visible afterwards (issue 21, item 5): the history says it was one, the
/// target compares with Git (OutOfSync), and REVISION shows what is deployed.
@Suite("flotilla rollback is recorded as one")
struct RollbackRecordTests {
    @Test("history shows 'rollback to <rev>', status OutOfSync 'rolled back to <rev>', REVISION the deployed commit")
    func rollbackIsRecorded() async throws {
        try await FleetHarness.with(["c1"], options: SandboxOptions(rolloutDelay: .milliseconds(50))) {
            fleet, session in try await run(fleet, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ session: FlotillaSession) async throws {
        try await FleetHarness.register(["c1"], of: fleet, in: session)
        let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
        defer { repo.folder.remove() }
        let first = try await repo.commit("one replica")
        let fleetFile = try session.folder.write(
            "fleet.yaml",
            SyncReportingTests.fleet("web", clusters: ["c1"], namespace: "web", options: "CreateNamespace=true"))
        #expect(try await session.run(["sync", fleetFile]).status == 0)
        try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: 2))
        let second = try await repo.commit("two replicas")
        #expect(try await session.run(["sync", fleetFile]).status == 0)

        let ids = try await session.run(["history", "web-c1"]).standardOutput.split(separator: "\n").dropFirst()
        let oldest = try #require(ids.last?.split(separator: " ").first.map(String.init))
        let rollback = try await session.run(["rollback", "web-c1", oldest, fleetFile])
        #expect(rollback.status == 0, "\(rollback.standardOutput)\(rollback.standardError)")
        #expect(
            rollback.standardOutput.hasSuffix(
                "Application web-c1 on cluster c1: rolled back to \(first.prefix(12)), Healthy\n"))

        let history = try await session.run(["history", "web-c1"])
        let newest = try #require(history.standardOutput.split(separator: "\n").dropFirst().first)
        #expect(newest.contains(String(first.prefix(12))), "\(history.standardOutput)")
        #expect(newest.hasSuffix("rollback to \(first.prefix(12))"), "\(history.standardOutput)")

        let status = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
        let item = try #require(status["items"]?.arrayValue?.first)
        #expect(item["syncStatus"] == "OutOfSync", "the cluster no longer matches main: \(item)")
        #expect(item["message"] == .string("rolled back to \(first.prefix(12))"))
        #expect(item["revision"] == .string(second), "the comparison was with Git's commit")
        #expect(item["lastSync"]?["revision"] == .string(first))
        #expect(try await session.run(["status"]).status == 1)

        // The next diff compares with Git again; REVISION still shows what is deployed.
        #expect(try await session.run(["diff", fleetFile]).status == 1)
        let wide = try await session.run(["status", "-o", "wide"])
        let row = try #require(wide.standardOutput.split(separator: "\n").last)
        #expect(row.split(separator: " ").contains(Substring(first.prefix(12))), "\(wide.standardOutput)")
        #expect(row.contains("OutOfSync"))
    }
}
