import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `flotilla diff` and `flotilla sync` for one Application, from a fleet file whose source is
/// a Git repository next to it, against a registered sandbox cluster.
@Suite("flotilla diff and sync")
struct SyncCommandTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - list:
              elements: [{cluster: prod}]
          template:
            metadata: {name: 'web-<<cluster>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: apps/web}
              destination: {name: '<<cluster>>', namespace: shop}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: 'nginx:1.27'}]
        """

    @Test("diff exits 1 with changes and 0 without; sync prints the change set and health; kubectl drift shows")
    func diffAndSync() async throws {
        try await FleetHarness.with(["prod"], options: SandboxOptions(rolloutDelay: .milliseconds(200))) {
            fleet, session in try await run(fleet, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ session: FlotillaSession) async throws {
        let kubeconfig = try await FleetHarness.register(["prod"], of: fleet, in: session)
        let repo = try await FleetHarness.gitops(
            [
                "apps/web/deployment.yaml": Self.deployment,
                "apps/web/secret.yaml":
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: hunter2}\n",
            ], in: session)
        defer { repo.folder.remove() }
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)

        let before = try await session.run(["diff", fleetFile, "--app", "web-prod"])
        #expect(before.status == 1, "\(before.standardError)")
        #expect(before.standardOutput.contains("+++ git/Deployment/shop/web"))
        #expect(before.standardOutput.contains("+  replicas: 2"))
        #expect(!before.standardOutput.contains("hunter2"), "Secret values are masked")

        let dryRun = try await session.run(["sync", fleetFile, "--app", "web-prod", "--dry-run"])
        #expect(dryRun.status == 0)
        #expect(dryRun.standardOutput.contains("Deployment/shop/web would create"))

        let sync = try await session.run(["sync", fleetFile, "--app", "web-prod"])
        #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
        #expect(
            sync.standardOutput == """
                Namespace/shop created (CreateNamespace=true)
                Secret/shop/creds created
                Deployment/shop/web created
                Application web-prod on cluster prod: synced, Healthy

                """)

        let after = try await session.run(["diff", fleetFile, "--app", "web-prod"])
        #expect(after.status == 0, "\(after.standardOutput)")
        #expect(after.standardOutput.isEmpty)

        let cache = session.folder.path + "/kube-cache"
        let scale = try await CommandLineTool.run(
            "kubectl",
            [
                "--kubeconfig", kubeconfig, "--context", "prod", "--cache-dir", cache, "scale", "-n", "shop",
                "deployment/web", "--replicas=5",
            ])
        #expect(scale.status == 0, "\(scale.standardError)")
        let drift = try await session.run(["diff", fleetFile, "--app", "web-prod"])
        #expect(drift.status == 1)
        #expect(drift.standardOutput.contains("-  replicas: 5\n+  replicas: 2"), "\(drift.standardOutput)")

        // --qps spaces the requests to a cluster: N requests after a burst of 1 take (N-1)/qps.
        await fleet.members[0].cluster.resetStatistics()
        let started = Date()
        #expect(
            try await session.run(["diff", fleetFile, "--app", "web-prod", "--qps", "20", "--burst", "1"]).status == 1)
        let elapsed = Date().timeIntervalSince(started)
        let requests = await fleet.members[0].cluster.currentStatistics().requestsByMethod.values.reduce(0, +)
        #expect(requests > 10)
        #expect(elapsed >= Double(requests - 1) / 20 * 0.9, "\(requests) requests in \(elapsed) s at 20 a second")

        try repo.write(
            "apps/web/deployment.yaml", Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 4"))
        try await repo.commit("four")
        #expect(try await session.run(["sync", fleetFile, "--app", "web-prod"]).status == 0)
        let history = try await session.run(["history", "web-prod"])
        let rows = history.standardOutput.split(separator: "\n").dropFirst().map {
            $0.split(separator: " ").map(String.init)
        }
        #expect(rows.count == 2, "\(history.standardOutput)")
        #expect(rows.allSatisfy { $0.contains("Succeeded") && $0.contains("prod") })
        let firstID = rows.last?.first ?? ""
        let rollback = try await session.run(["rollback", "web-prod", firstID, fleetFile])
        #expect(rollback.status == 0, "\(rollback.standardOutput)\(rollback.standardError)")
        #expect(rollback.standardOutput.contains("Deployment/shop/web configured"))
        #expect(rollback.standardOutput.contains("rolled back to"))
        let live = try await CommandLineTool.run(
            "kubectl",
            [
                "--kubeconfig", kubeconfig, "--context", "prod", "--cache-dir", cache, "get", "-n", "shop",
                "deployment/web", "-o", "jsonpath={.spec.replicas}",
            ])
        #expect(live.standardOutput == "2")
        #expect(try await session.run(["history", "web-prod"]).standardOutput.split(separator: "\n").count == 4)
        #expect(try await session.run(["rollback", "web-prod", "999", fleetFile]).status == 1)

        let missing = try await session.run(["diff", fleetFile, "--app", "nope"])
        #expect(missing.status == 2)
        #expect(
            missing.standardError == "error: no Application named \"nope\" in the fleet files; Applications: web-prod\n"
        )
        let wrongCluster = try await session.run(["sync", fleetFile, "--app", "web-prod", "--cluster", "dev"])
        #expect(wrongCluster.status == 2)
        #expect(
            wrongCluster.standardError == "error: no cluster named \"dev\" is registered; registered clusters: prod\n")
    }
}
