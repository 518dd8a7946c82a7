import FleetTesting
import Foundation
import Testing

/// App of apps through the `flotilla` binary on a sandbox cluster: a root Application whose
/// repository holds three Applications ends with the three synced, shown under their parent;
/// removing one from the repository retires it.
@Suite("App of apps end to end")
struct AppOfAppsCommandTests {
    /// The root Application: `gitops/repo`'s `root/` folder, automated with prune.
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: root}
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: root}
          destination: {name: c1, namespace: argocd}
          syncPolicy: {automated: {prune: true}}
        """

    /// A child Application `name` (with Argo CD's resources finalizer) of `leaves/name`.
    static func child(_ name: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: \(name)
          namespace: argocd
          finalizers: [resources-finalizer.argocd.argoproj.io]
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: leaves/\(name)}
          destination: {name: c1, namespace: \(name)}
          syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
        """
    }

    static func configMap(_ name: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {app: \(name)}\n"
    }

    @Test("a root Application's three children are synced and shown under it; one removed from Git is retired")
    func rootWithThreeChildren() async throws {
        try await FleetHarness.with(["c1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
            var files: [String: String] = [:]
            for name in ["alpha", "beta", "gamma"] {
                files["root/\(name).yaml"] = Self.child(name)
                files["leaves/\(name)/settings.yaml"] = Self.configMap(name)
            }
            let repo = try await FleetHarness.gitops(files, in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet)

            let sync = try await session.run(["sync", "fleet.yaml"])
            #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
            for name in ["alpha", "beta", "gamma"] {
                #expect(try await FleetHarness.configMapValue("app", kubeconfig, "c1", name, session) == name)
            }
            let table = try await session.run(["status"])
            #expect(table.status == 0, "\(table.standardOutput)\(table.standardError)")
            let rows = table.standardOutput.split(separator: "\n").map { $0.split(separator: " ").first ?? "" }
            #expect(
                Array(rows.prefix(5)) == ["APPLICATION", "root", "root", "root", "root"], "\(table.standardOutput)")
            #expect(table.standardOutput.contains("root › alpha"), "\(table.standardOutput)")
            // One child alone, as Argo CD syncs one child Application: its parent is not run.
            _ = try await FleetHarness.kubectl(
                kubeconfig, context: "c1", in: session,
                ["patch", "configmap", "settings", "-n", "alpha", "-p", #"{"data":{"app":"drifted"}}"#])
            let child = try await session.run(["sync", "fleet.yaml", "--app", "alpha"])
            #expect(child.status == 0, "\(child.standardOutput)\(child.standardError)")
            #expect(
                child.standardOutput
                    == "ConfigMap/alpha/settings configured\nApplication alpha on cluster c1: synced, Healthy\n",
                "\(child.standardOutput)")
            #expect(try await FleetHarness.configMapValue("app", kubeconfig, "c1", "alpha", session) == "alpha")
            let json = try await session.run(["status", "-o", "json"])
            #expect(json.standardOutput.contains(#""parent": "root@c1""#), "\(json.standardOutput)")

            try repo.remove("root/beta.yaml")
            try await repo.commit("beta retired")
            let again = try await session.run(["sync", "fleet.yaml"])
            #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
            #expect(again.standardOutput.contains("Application beta on cluster c1: no longer generated; deleted"))
            let beta = try await FleetHarness.kubectl(
                kubeconfig, context: "c1", in: session, ["get", "configmap", "settings", "-n", "beta"])
            #expect(beta.status != 0, "beta's objects are deleted: \(beta.standardOutput)")
            let after = try await session.run(["status", "-o", "json"])
            #expect(!after.standardOutput.contains(#""beta""#), "\(after.standardOutput)")
            #expect(after.standardOutput.contains(#""alpha""#))
        }
    }

    /// A child's document changed in Git is a difference of its parent (Argo CD: the child
    /// Application resource is one of the parent's objects): `diff` says so and shows the
    /// document's diff; `sync` applies it.
    @Test("a changed child document is the parent's difference: diff says so, sync applies it")
    func changedChildDocument() async throws {
        try await FleetHarness.with(["c1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(
                [
                    "root/alpha.yaml": Self.child("alpha"), "leaves/alpha/settings.yaml": Self.configMap("alpha"),
                    "leaves/alpha-v2/settings.yaml": Self.configMap("alpha-v2"),
                ], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet.replacingOccurrences(of: "{prune: true}", with: "{}"))
            let sync = try await session.run(["sync", "fleet.yaml"])
            #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")

            try repo.write(
                "root/alpha.yaml", Self.child("alpha").replacingOccurrences(of: "leaves/alpha", with: "leaves/alpha-v2")
            )
            try await repo.commit("alpha v2")
            let diff = try await session.run(["diff", "fleet.yaml"])
            #expect(diff.status == 1, "\(diff.standardOutput)\(diff.standardError)")
            #expect(
                diff.standardOutput.contains(
                    "# root@c1: child Applications differ from Git (changed Application/alpha); a sync of it applies them"
                ),
                "\(diff.standardOutput)")
            #expect(
                diff.standardOutput.contains(
                    "--- applied/Application/alpha\n+++ git/Application/alpha\n"),
                "the child document's diff: \(diff.standardOutput)")
            #expect(diff.standardOutput.contains("+    path: leaves/alpha-v2"), "\(diff.standardOutput)")
            #expect(try await FleetHarness.configMapValue("app", kubeconfig, "c1", "alpha", session) == "alpha")
            let status = try await session.run(["status", "-o", "json"])
            #expect(
                status.standardOutput.contains("a sync of the parent applies them"),
                "the comparison is recorded: \(status.standardOutput)")

            let again = try await session.run(["sync", "fleet.yaml"])
            #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
            #expect(try await FleetHarness.configMapValue("app", kubeconfig, "c1", "alpha", session) == "alpha-v2")
        }
    }
}
