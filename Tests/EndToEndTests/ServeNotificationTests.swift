import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `flotilla serve`'s notifications end to end: sandbox clusters, a local Git repository, a
/// local HTTP receiver, the real binary posting with libcurl.
@Suite("flotilla serve: notifications")
struct ServeNotificationTests {
    /// Application `web` (automated) from `gitops/repo`'s `web/`, and a Notifications document
    /// sending `triggers` to `$hook` (and to `$other` when `other`).
    static func fleet(triggers: String, other: Bool = false) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web, labels: {team: web}}
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: web}
          destination: {name: n1, namespace: web}
          syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
        ---
        apiVersion: flotilla.dev/v1alpha1
        kind: Notifications
        metadata: {name: web-team}
        spec:
          services:
            hook:
              webhook:
                url: $hook
                body: {trigger: '<<trigger>>', application: '<<application>>', cluster: '<<cluster>>', revision: '<<revision>>', message: '<<message>>'}
            other: {slack: {url: $other}}
          subscriptions:
          - triggers: [\(triggers)]
            services: [\(other ? "hook, other" : "hook")]
            selector: {labels: {matchLabels: {team: web}}}
        """
    }

    /// A Deployment `web` whose selector is `app: <selector>` and a ConfigMap.
    static func manifests(selector: String, replicas: Int = 1) -> String {
        FleetHarness.webManifests(replicas: replicas).replacingOccurrences(of: "app: web}", with: "app: \(selector)}")
    }

    /// A secret file naming `urls`, readable by its owner only.
    static func secretFile(_ urls: [String: String], in session: FlotillaSession) throws -> String {
        let text = urls.sorted { $0.key < $1.key }.map { "\($0.key): '\($0.value)'" }.joined(separator: "\n")
        let path = try session.folder.write("notification-secrets.yaml", text + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    @Test("a local receiver gets exactly one on-sync-failed per failure and one on-deployed per new revision")
    func exactlyOncePerChange() async throws {
        try await FleetHarness.with(["n1"]) { fleet, session in
            try await FleetHarness.register(["n1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": Self.manifests(selector: "web")], in: session)
            defer { repo.folder.remove() }
            let receiver = try await NotificationReceiver(in: session.folder)
            let secrets = try Self.secretFile(["hook": receiver.address + "/hooks/secret-token-7"], in: session)
            _ = try session.folder.write("fleet.yaml", Self.fleet(triggers: "on-sync-failed, on-deployed"))
            let serve = try ServeProcess(
                session, ["fleet.yaml", "--interval", "1s", "--notification-secret-file", secrets])
            try await serve.waitUntilReady(within: .seconds(90))
            let first = try await CommandLineTool.run("git", ["-C", repo.path, "rev-parse", "HEAD"])
            var expected: [String] = []

            func receive(_ event: String) async throws {
                expected.append(event)
                let wanted = expected
                try await ServeProcess.poll("\(wanted.last ?? "")", within: .seconds(60)) {
                    receiver.events.count >= wanted.count
                }
                #expect(receiver.events == expected, "\(serve.log)")
            }
            // The first cycle deployed the first commit.
            try await receive("on-deployed \(first.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))")
            for (number, selector) in ["web2", "web3"].enumerated() {
                try repo.write("web/web.yaml", Self.manifests(selector: selector))
                let commit = try await repo.commit("selector \(number)")
                try await receive("on-sync-failed \(commit)")
            }
            try repo.write("web/web.yaml", Self.manifests(selector: "web", replicas: 2))
            let fixed = try await repo.commit("back to the first selector, two replicas")
            try await receive("on-deployed \(fixed)")

            // Three more cycles: nothing is sent again.
            try await ServeCommandTests.cycles(3, of: serve)
            #expect(receiver.events == expected, "\(serve.log)")
            let failed = try #require(receiver.bodies.first { $0["trigger"] == "on-sync-failed" })
            #expect(failed["application"] == "web" && failed["cluster"] == "n1")
            #expect(failed["message"]?.stringValue?.contains("field is immutable") == true, "\(failed)")

            let metrics = try await ServeProcess.get(try #require(serve.address) + "/metrics").body
            #expect(
                metrics.contains(
                    #"argocd_notifications_deliveries_total{trigger="on-sync-failed",service="hook",succeeded="true"} 2"#
                ),
                "\(metrics)")
            #expect(!serve.log.contains("secret-token-7"), "the URL never reaches the log")
            #expect(await serve.terminate() == 0, "\(serve.log)")
        }
    }

    @Test("a receiver that never answers, and one that refuses, delay nothing; failures are logged without the URL")
    func downReceiverDelaysNothing() async throws {
        try await FleetHarness.with(["n1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["n1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": Self.manifests(selector: "web")], in: session)
            defer { repo.folder.remove() }
            let hanging = try await NotificationReceiver(in: session.folder, hanging: true)
            let secrets = try Self.secretFile(
                [
                    "hook": hanging.address + "/hooks/secret-token-8",
                    "other": "http://127.0.0.1:1/services/secret-token-9",
                ],
                in: session)
            _ = try session.folder.write(
                "fleet.yaml",
                Self.fleet(
                    triggers: "on-sync-succeeded, on-sync-failed, on-deployed, on-out-of-sync, on-health-degraded",
                    other: true))
            let serve = try ServeProcess(
                session, ["fleet.yaml", "--interval", "1s", "--notification-secret-file", secrets])
            try await serve.waitUntilReady(within: .seconds(90))

            // Each commit reaches the cluster within the interval plus 10 s while both
            // receivers keep failing (the hanging one holds each attempt for 10 s).
            for replicas in [2, 3] {
                try repo.write("web/web.yaml", Self.manifests(selector: "web", replicas: replicas))
                try await repo.commit("\(replicas) replicas")
                try await ServeProcess.poll("\(replicas) replicas on the cluster", within: .seconds(12.2)) {
                    try await ServeCommandTests.replicasSetting(kubeconfig, "n1", "web", session) == "\(replicas)"
                }
            }
            try await ServeProcess.poll("both failures logged", within: .seconds(60)) {
                serve.log.contains("notification attempt failed") && serve.log.contains("service=hook")
                    && serve.log.contains("service=other")
            }
            #expect(!serve.log.contains("secret-token"), "no URL in the log: \(serve.log)")
            #expect(await serve.terminate() == 0, "\(serve.log)")
        }
    }
}
