import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `kill -9` of `flotilla sync` at random moments leaves a consistent registry, and the next
/// sync converges.
@Suite("flotilla sync killed at random moments")
struct KillTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - matrix:
              generators:
              - list: {elements: [{app: a}, {app: b}]}
              - clusters: {}
          template:
            metadata: {name: '<<app>>-<<name>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<name>>', namespace: '<<app>>'}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("20 kills: integrity_check ok, no torn or duplicate history rows, then the fleet converges")
    func kills() async throws {
        let names = ["k1", "k2", "k3"]
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .milliseconds(50))) { fleet, session in
            try await run(fleet, names, session)
        }
    }

    private func sqlite(_ session: FlotillaSession, _ query: String) async throws -> String {
        try await CommandLineTool.run("sqlite3", [session.home + "/flotilla.db", query]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func run(_ fleet: SandboxFleet, _ names: [String], _ session: FlotillaSession) async throws {
        try await FleetHarness.register(names, of: fleet, in: session)
        let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
        defer { repo.folder.remove() }
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
        var generator = SystemRandomNumberGenerator()
        for round in 1...20 {
            try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: round % 3 + 1))
            try await repo.commit("round \(round)")
            let delay = Int.random(in: 20...600, using: &generator)
            let flotilla = BackgroundProcess.flotilla(
                ["sync", fleetFile], environment: session.environment, in: session.folder.path)
            try await Task.sleep(for: .milliseconds(delay))
            await flotilla.signal(SIGKILL)
            _ = try await flotilla.result()
            #expect(try await sqlite(session, "PRAGMA integrity_check") == "ok", "round \(round)")
            #expect(
                try await sqlite(
                    session, "SELECT count(*) FROM syncHistory WHERE objects = '' OR revision IS NULL") == "0")
            #expect(
                try await sqlite(
                    session,
                    "SELECT count(*) FROM (SELECT 1 FROM syncHistory GROUP BY application, cluster, startedAt "
                        + "HAVING count(*) > 1)") == "0")
        }
        let final = try await session.run(["sync", fleetFile])
        #expect(final.status == 0, "\(final.standardOutput)\(final.standardError)")
        #expect(final.standardOutput.hasSuffix("6 targets on 3 clusters: 6 Synced and Healthy\n"))
        #expect(try await session.run(["status"]).status == 0)
        let converged = try await session.run(["diff", fleetFile])
        #expect(converged.status == 0, "\(converged.standardOutput)")
    }
}
