import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// The whole fleet at once: `flotilla sync` over every target, with broken clusters among
/// healthy ones, then `flotilla status`.
@Suite("flotilla sync and status over a fleet")
struct FleetSyncTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - clusters: {}
          template:
            metadata: {name: 'web-<<name>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<name>>', namespace: web}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("8 clusters, one down, one hanging, one failing half its requests: the 5 others synced, the 3 reported")
    func brokenClusters() async throws {
        let names = (1...8).map { "c\($0)" }
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .milliseconds(100))) {
            fleet, session in try await run(fleet, names, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ names: [String], _ session: FlotillaSession) async throws {
        let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
        let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
        defer { repo.folder.remove() }
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
        try await fleet.members[5].server.setFaults(.down)
        try await fleet.members[6].server.setFaults(.hanging)
        try await fleet.members[7].server.setFaults(.failing(0.5))

        let started = Date()
        // 8 s: generous for healthy in-process sandboxes while every suite runs at once.
        let sync = try await session.run(["sync", fleetFile, "--request-timeout", "8"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(sync.status == 1, "\(sync.standardOutput)\(sync.standardError)")
        #expect(
            sync.standardOutput.hasSuffix("8 targets on 8 clusters: 5 Synced and Healthy, 3 failed\n"),
            "\(sync.standardOutput)")
        #expect(elapsed < 60, "bounded by the 8 s request timeout, not by the broken clusters: \(elapsed) s")

        let status = try await session.run(["status", "-o", "json"])
        #expect(status.status == 1)
        let items = try JSONReader.parse(status.standardOutput)["items"]?.arrayValue ?? []
        #expect(items.count == 8)
        let byCluster = Dictionary(uniqueKeysWithValues: items.map { ($0["cluster"]?.stringValue ?? "", $0) })
        for name in names.prefix(5) {
            #expect(byCluster[name]?["state"] == "Healthy", "\(name): \(String(describing: byCluster[name]))")
            #expect(byCluster[name]?["lastSync"]?["succeeded"] == true)
        }
        #expect(byCluster["c6"]?["message"]?.stringValue?.contains("cannot connect") == true)
        #expect(byCluster["c7"]?["message"]?.stringValue?.contains("no answer") == true)
        #expect(byCluster["c8"]?["state"] == "Unknown")
        #expect(byCluster["c8"]?["message"]?.stringValue?.isEmpty == false)

        let matrix = try await session.run(["status"])
        #expect(matrix.status == 1)
        let lines = matrix.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("APPLICATION   c1   c2") == true, "\(matrix.standardOutput)")
        #expect(lines.dropFirst().first?.hasPrefix("web           ✓    ✓    ✓    ✓    ✓    ?    ?    ?    5/8") == true)

        for member in fleet.members.suffix(3) { try await member.server.setFaults(SandboxFaults()) }
        let again = try await session.run(["sync", fleetFile])
        #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
        #expect(again.standardOutput.hasSuffix("8 targets on 8 clusters: 8 Synced and Healthy\n"))
        await fleet.members[0].cluster.resetStatistics()
        let noop = try await session.run(["sync", fleetFile])
        #expect(noop.status == 0)
        #expect(await fleet.members[0].cluster.currentStatistics().writeRequests == 0, "a no-op sync writes nothing")
        #expect(try await session.run(["status", "--app", "web-c1", "-o", "wide"]).status == 0)
        #expect(try await session.run(["status"]).status == 0)

        // The fleet shrinks to c1–c4: the vanished targets leave the status, their objects stay.
        let smaller = try session.folder.write(
            "fleet.yaml",
            Self.fleet.replacingOccurrences(
                of: "- clusters: {}", with: "- list: {elements: [{name: c1}, {name: c2}, {name: c3}, {name: c4}]}"))
        #expect(try await session.run(["sync", smaller]).status == 0)
        let remaining = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
        #expect(remaining["items"]?.arrayValue?.compactMap { $0["cluster"]?.stringValue } == ["c1", "c2", "c3", "c4"])
        let kept = try await CommandLineTool.run(
            "kubectl",
            [
                "--kubeconfig", kubeconfig, "--context", "c8", "--cache-dir", session.folder.path + "/kube-cache",
                "get", "-n", "web", "deployment/web", "-o", "name",
            ])
        #expect(kept.standardOutput == "deployment.apps/web\n", "nothing is deleted for a vanished Application")
    }
}
