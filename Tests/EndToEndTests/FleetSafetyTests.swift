import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// Applications that disappear from the fleet files: deleted from their cluster only when
/// their ApplicationSet allows it, never because a generator came back empty.
@Suite("Fleet safety: Applications that stop being generated")
struct FleetSafetyTests {
    /// Four ApplicationSets putting `web/` on c1 and c2, differing only in their syncPolicy.
    static func fleet(elements: [String: String]) -> String {
        let policies = [
            "allowed": "{applicationsSync: sync}",
            "preserved": "{applicationsSync: create-delete, preserveResourcesOnDeletion: true}",
            "unset": "{}",
            "emptied": "{applicationsSync: sync}",
        ]
        return policies.keys.sorted().map { name in
            """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: \(name)}
            spec:
              generators:
              - list: {elements: \(elements[name] ?? "[{cluster: c1}, {cluster: c2}]")}
              syncPolicy: \(policies[name] ?? "{}")
              template:
                metadata: {name: '\(name)-<<cluster>>'}
                spec:
                  project: default
                  source: {repoURL: gitops/repo, targetRevision: main, path: web}
                  destination: {name: '<<cluster>>', namespace: \(name)}
                  syncPolicy: {syncOptions: [CreateNamespace=true]}

            """
        }.joined(separator: "---\n")
    }

    @Test("only an ApplicationSet allowing deletion loses its objects; preserved, unset and empty ones keep theirs")
    func vanishedApplications() async throws {
        try await FleetHarness.with(["c1", "c2"], options: SandboxOptions(rolloutDelay: .milliseconds(50))) {
            fleet, session in try await run(fleet, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ session: FlotillaSession) async throws {
        let kubeconfig = try await FleetHarness.register(["c1", "c2"], of: fleet, in: session)
        let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
        defer { repo.folder.remove() }
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet(elements: [:]))
        let first = try await session.run(["sync", fleetFile])
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        #expect(first.standardOutput.hasSuffix("8 targets on 2 clusters: 8 Synced and Healthy\n"))

        let shrunk = [
            "allowed": "[{cluster: c1}]", "preserved": "[{cluster: c1}]", "unset": "[{cluster: c1}]", "emptied": "[]",
        ]
        _ = try session.folder.write("fleet.yaml", Self.fleet(elements: shrunk))
        let diff = try await session.run(["diff", fleetFile])
        #expect(diff.status == 1, "a deletion to come is a difference: \(diff.standardOutput)\(diff.standardError)")
        #expect(
            diff.standardOutput.contains(
                "# Application allowed-c2 on cluster c2: no longer generated; a sync deletes its objects\n"))
        #expect(
            diff.standardOutput.contains(
                "# Application emptied-c1 on cluster c1: no longer generated; "
                    + "ApplicationSet emptied generated no Applications; an empty result deletes nothing\n"))
        #expect(try await objects(in: "allowed", on: "c2", kubeconfig, session) == 2, "a diff deletes nothing")

        // c2 answers nothing but 503s: the deletion cannot see all it owns, so it deletes
        // nothing, says so, and stays recorded to be tried again.
        try await fleet.members[1].server.setFaults(.failing(1))
        let refused = try await session.run(["sync", fleetFile])
        #expect(refused.status == 1, "\(refused.standardOutput)\(refused.standardError)")
        #expect(
            refused.standardOutput.contains(
                "Application allowed-c2 on cluster c2: no longer generated; deletion failed: "),
            "\(refused.standardOutput)")
        try await fleet.members[1].server.setFaults(SandboxFaults())
        #expect(try await objects(in: "allowed", on: "c2", kubeconfig, session) == 2)
        let pending = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
        #expect(
            pending["items"]?.arrayValue?.contains { $0["application"] == "allowed-c2" && $0["state"] == "Unknown" }
                == true)

        let sync = try await session.run(["sync", fleetFile])
        #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
        #expect(sync.standardOutput.contains("Application allowed-c2 on cluster c2: no longer generated; deleted\n"))
        #expect(sync.standardOutput.contains("Deployment/allowed/web deleted\n"), "\(sync.standardOutput)")
        #expect(
            refused.standardOutput.contains(
                "Application preserved-c2 on cluster c2: no longer generated; forgotten: "
                    + "ApplicationSet preserved sets preserveResourcesOnDeletion; its objects stay\n"))
        #expect(
            refused.standardOutput.contains(
                "Application unset-c2 on cluster c2: no longer generated; forgotten: "
                    + "ApplicationSet unset: applicationsSync is not set, so deletion is not allowed; its objects stay\n"
            ))

        #expect(try await objects(in: "allowed", on: "c2", kubeconfig, session) == 0)
        #expect(try await objects(in: "allowed", on: "c1", kubeconfig, session) == 2, "still generated: untouched")
        for kept in ["preserved", "unset", "emptied"] {
            #expect(try await objects(in: kept, on: "c2", kubeconfig, session) == 2, "\(kept) keeps its objects")
        }
        #expect(try await objects(in: "emptied", on: "c1", kubeconfig, session) == 2)

        let status = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
        let recorded = status["items"]?.arrayValue?.compactMap { $0["application"]?.stringValue } ?? []
        #expect(recorded == ["allowed-c1", "preserved-c1", "unset-c1"])
        let history = try await session.run(["history", "allowed-c2"])
        #expect(history.standardOutput.contains("deleted: no longer generated"), "\(history.standardOutput)")

        let again = try await session.run(["sync", fleetFile])
        #expect(again.status == 0)
        #expect(!again.standardOutput.contains("no longer generated"), "each vanished target is dealt with once")
    }

    /// How many of the fleet's objects (Deployment web, ConfigMap settings) are in `namespace` on `context`.
    private func objects(
        in namespace: String, on context: String, _ kubeconfig: String, _ session: FlotillaSession
    ) async throws -> Int {
        let found = try await CommandLineTool.run(
            "kubectl",
            [
                "--kubeconfig", kubeconfig, "--context", context, "--cache-dir", session.folder.path + "/kube-cache",
                "get", "-n", namespace, "deployment/web", "configmap/settings", "--ignore-not-found", "-o", "name",
            ])
        return found.standardOutput.split(separator: "\n").count
    }
}
