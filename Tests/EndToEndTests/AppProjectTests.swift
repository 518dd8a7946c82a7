import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// AppProjects enforced by the `flotilla` binary on sandbox clusters (issue 17): a refused
/// destination, a forbidden kind, a deny window seen by `serve` and told by `status`.
@Suite("AppProjects enforced end to end")
struct AppProjectTests {
    /// Project `team`: any repository, namespaces `team-*` on any cluster, no cluster-scoped
    /// kind but Namespaces; `windows` as its `syncWindows`.
    static func project(windows: String = "[]") -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata: {name: team}
        spec:
          sourceRepos: ['file://**']
          destinations: [{server: '*', namespace: 'team-*'}]
          clusterResourceWhitelist: [{group: '', kind: Namespace}]
          syncWindows: \(windows)
        """
    }

    /// An Application `name` of project `project` from `path` of the session's repository.
    static func application(
        _ name: String, project: String, path: String, namespace: String, session: FlotillaSession,
        automated: Bool = false
    ) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: \(name)}
        spec:
          project: \(project)
          source: {repoURL: 'file://\(session.folder.path)/gitops/repo', targetRevision: main, path: \(path)}
          destination: {name: c1, namespace: \(namespace)}
          syncPolicy: {\(automated ? "automated: {prune: true, selfHeal: true}, " : "")syncOptions: [CreateNamespace=true]}
        """
    }

    static let clusterRole = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: team-reader}
        rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {k: v}
        """

    @Test("sync refuses an Application whose project forbids its destination namespace: exit 1, nothing written")
    func refusedDestination() async throws {
        try await FleetHarness.with(["c1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write(
                "team.yaml",
                [
                    Self.project(),
                    Self.application(
                        "escape", project: "team", path: "web", namespace: "kube-system", session: session),
                    Self.application("allowed", project: "team", path: "web", namespace: "team-web", session: session),
                ].joined(separator: "\n---\n"))

            let generate = try await session.run(["generate", "team.yaml"])
            #expect(generate.status == 1)
            #expect(
                generate.standardError.contains(
                    "team.yaml:16:16: Application escape: project \"team\" does not permit destination namespace "
                        + "\"kube-system\" on cluster \"c1\""),
                "\(generate.standardError)")

            let sync = try await session.run(["sync", "team.yaml"])
            #expect(sync.status == 1, "\(sync.standardOutput)\(sync.standardError)")
            #expect(
                (sync.standardOutput + sync.standardError).contains(
                    "project \"team\" does not permit destination namespace \"kube-system\" on cluster \"c1\""),
                "\(sync.standardOutput)\(sync.standardError)")
            #expect(
                (sync.standardOutput + sync.standardError).contains("(destinations: {server: *, namespace: team-*})"))
            for (namespace, present) in [("kube-system", false), ("team-web", true)] {
                let get = try await FleetHarness.kubectl(
                    kubeconfig, context: "c1", in: session, ["get", "configmap", "settings", "-n", namespace])
                #expect((get.status == 0) == present, "\(namespace): \(get.standardOutput)\(get.standardError)")
            }
        }
    }

    @Test("a forbidden ClusterRole in an allowed Application is refused alone; the rest syncs")
    func forbiddenClusterRole() async throws {
        try await FleetHarness.with(["c1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["rbac/all.yaml": Self.clusterRole], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write(
                "team.yaml",
                [
                    Self.project(),
                    Self.application("rbac", project: "team", path: "rbac", namespace: "team-rbac", session: session),
                ].joined(separator: "\n---\n"))

            let diff = try await session.run(["diff", "team.yaml"])
            #expect(diff.status == 1)
            #expect(
                diff.standardError.contains(
                    "ClusterRole/team-reader: forbidden: project \"team\" does not permit cluster-scoped "
                        + "rbac.authorization.k8s.io/ClusterRole (clusterResourceWhitelist holds \"\"/Namespace)"),
                "\(diff.standardError)")

            let sync = try await session.run(["sync", "team.yaml"])
            #expect(sync.status == 1, "\(sync.standardOutput)\(sync.standardError)")
            #expect(
                (sync.standardOutput + sync.standardError).contains(
                    "1 object(s) forbidden by the project, not written: ClusterRole/team-reader: project \"team\""),
                "\(sync.standardOutput)\(sync.standardError)")
            let role = try await FleetHarness.kubectl(
                kubeconfig, context: "c1", in: session, ["get", "clusterrole", "team-reader"])
            #expect(role.status != 0, "\(role.standardOutput)")
            let settings = try await FleetHarness.kubectl(
                kubeconfig, context: "c1", in: session, ["get", "configmap", "settings", "-n", "team-rbac"])
            #expect(settings.status == 0, "\(settings.standardError)")
        }
    }

    @Test("a deny window blocks serve's automated sync, and status says until when")
    func denyWindow() async throws {
        // A daily window that opened five minutes ago (UTC, to the minute) and lasts three hours.
        let opened = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 / 60).rounded(.down) - 5) * 60)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let time = calendar.dateComponents([.hour, .minute], from: opened)
        let schedule = "\(time.minute ?? 0) \(time.hour ?? 0) * * *"
        let until = ISO8601DateFormatter().string(from: opened.addingTimeInterval(3 * 3600))

        try await FleetHarness.with(["c1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write(
                "team.yaml",
                [
                    Self.project(
                        windows: "[{kind: deny, schedule: '\(schedule)', duration: 3h, namespaces: ['team-*']}]"),
                    Self.application(
                        "web", project: "team", path: "web", namespace: "team-web", session: session, automated: true),
                ].joined(separator: "\n---\n"))

            let serve = try ServeProcess(session, ["team.yaml", "--interval", "1h"])
            try await serve.waitUntilReady()
            let status = try await session.run(["status"])
            let expected =
                "sync blocked by project \"team\": the deny window \"\(schedule)\" for 3h is open until \(until)"
            #expect(status.standardOutput.contains("web@c1: OutOfSync"), "\(status.standardOutput)")
            #expect(status.standardOutput.contains(expected), "\(status.standardOutput)")
            let json = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
            #expect(
                json["items"]?.arrayValue?.first?["message"]?.stringValue?.hasSuffix("is open until \(until)") == true,
                "\(json)")
            let get = try await FleetHarness.kubectl(
                kubeconfig, context: "c1", in: session, ["get", "configmap", "settings", "-n", "team-web"])
            #expect(get.status != 0, "the window let a sync through: \(get.standardOutput)")
            #expect(await serve.terminate() == 0)

            // A person's sync is blocked too (the window has no manualSync), with exit 1.
            let manual = try await session.run(["sync", "team.yaml"])
            #expect(manual.status == 1)
            #expect((manual.standardOutput + manual.standardError).contains("is open until \(until)"))
        }
    }
}
