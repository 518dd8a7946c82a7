import Controller
import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `flotilla serve` against change: drift seen by watches, pushes announced by webhooks,
/// metrics read by a real Prometheus.
@Suite("flotilla serve: self-heal, webhooks, metrics")
struct ServeDriftTests {
    /// `heal` (automated, selfHeal) and `keep` (automated, no selfHeal) on every cluster, from
    /// `gitops/repo`'s `web/` named by a `file://` URL (as a webhook names repositories).
    static func fleet(_ session: FlotillaSession) -> String {
        let repository = "file://\(session.folder.path)/gitops/repo"
        return ["heal": "{prune: true, selfHeal: true}", "keep": "{prune: true}"].sorted {
            $0.key < $1.key
        }.map { name, policy in
            """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: \(name)}
            spec:
              generators: [{clusters: {}}]
              template:
                metadata: {name: '\(name)-<<name>>'}
                spec:
                  project: default
                  source: {repoURL: '\(repository)', targetRevision: main, path: web}
                  destination: {name: '<<name>>', namespace: \(name)}
                  syncPolicy: {automated: \(policy), syncOptions: [CreateNamespace=true]}
            """
        }.joined(separator: "\n---\n")
    }

    @Test("kubectl scale is undone within 5 s with selfHeal, and only reported OutOfSync without it")
    func drift() async throws {
        let names = ["d1"]
        try await FleetHarness.with(names) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet(session))
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1h"])
            try await serve.waitUntilReady()
            // A watch lists, then watches: a change before that is the next cycle's to see.
            let cluster = fleet.members[0].server.cluster
            try await ServeProcess.poll("the Deployment and ConfigMap watches open", within: .seconds(60)) {
                await cluster.openWatchCount() >= 2
            }

            for namespace in ["heal", "keep"] {
                let scaled = try await FleetHarness.kubectl(
                    kubeconfig, context: "d1", in: session,
                    ["scale", "-n", namespace, "deployment/web", "--replicas=5"])
                #expect(scaled.status == 0, "\(scaled.standardError)")
            }
            do {
                try await ServeProcess.poll("the heal", within: .seconds(5)) {
                    try await Self.replicas(kubeconfig, "heal", session) == "1"
                }
            } catch {
                Issue.record("\(error)\n\(serve.log)")
            }
            try await ServeProcess.poll("keep reported OutOfSync", within: .seconds(5)) {
                try await ServeCommandTests.syncStatus("keep-d1", "d1", session) == "OutOfSync"
            }
            #expect(try await Self.replicas(kubeconfig, "keep", session) == "5", "without selfHeal: left alone")
            #expect(await serve.terminate() == 0)
        }
    }

    @Test("a signed push reaches every target within 10 s; a bad signature is 401 and refreshes nothing")
    func webhooks() async throws {
        let names = ["w1", "w2"]
        try await FleetHarness.with(names) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet(session))
            let secrets = try session.folder.write("secrets.yaml", "github: not-a-real-secret\n")
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1h", "--webhook-secret-file", secrets])
            try await serve.waitUntilReady()
            try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: 2))
            let commit = try await repo.commit("two replicas")
            let body = """
                {"ref": "refs/heads/main", "after": "\(commit)", \
                "repository": {"clone_url": "file://\(session.folder.path)/gitops/repo"}}
                """

            let forged = try await Self.push(body, secret: "guessed", to: serve)
            #expect(forged.status == 401, "\(forged.body)")
            try await Task.sleep(for: .seconds(3))
            #expect(try await ConfigMapValue.replicas(kubeconfig, "w1", "heal", session) == "1", "nothing refreshed")

            let signed = try await Self.push(body, secret: "not-a-real-secret", to: serve)
            #expect(signed.status == 200, "\(signed.body)")
            try await ServeProcess.poll("the push on every target", within: .seconds(10)) {
                for name in names {
                    for app in ["heal", "keep"]
                    where try await ConfigMapValue.replicas(kubeconfig, name, app, session) != "2" {
                        return false
                    }
                }
                return true
            }
            #expect(await serve.terminate() == 0)
        }
    }

    @Test("Prometheus scrapes serve: the Application Overview dashboard's queries answer")
    func prometheus() async throws {
        let names = ["p1", "p2"]
        try await FleetHarness.with(names) { fleet, session in
            try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet(session))
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "2s"])
            try await serve.waitUntilReady()
            let address = try #require(serve.address).replacingOccurrences(of: "http://", with: "")
            let prometheus = try await PrometheusServer.start(scraping: address)
            do {
                try await prometheus.waitFor("sum(argocd_app_info) by (health_status)") {
                    Dictionary($0.map { ($0.labels["health_status"] ?? "", $0.value) }, uniquingKeysWith: +)
                        == ["Healthy": 4]
                }
                try await prometheus.waitFor("sum(argocd_app_sync_total) by (phase)") {
                    $0.map { $0.labels["phase"] ?? "" } == ["Succeeded"] && $0.first?.value == 4
                }
                try await prometheus.waitFor(
                    "histogram_quantile(0.5, sum(rate(argocd_app_reconcile_bucket[1m])) by (le))"
                ) { $0.count == 1 && ($0.first?.value ?? .nan).isFinite }
                try await prometheus.waitFor("sum(argocd_cluster_connection_status)") { $0.first?.value == 2 }
            } catch {
                await prometheus.stop()
                throw error
            }
            await prometheus.stop()
            #expect(await serve.terminate() == 0)
        }
    }

    /// `deployment/web`'s replicas in `namespace` on `d1`.
    static func replicas(_ kubeconfig: String, _ namespace: String, _ session: FlotillaSession) async throws -> String?
    {
        let result = try await FleetHarness.kubectl(
            kubeconfig, context: "d1", in: session,
            ["get", "deployment", "web", "-n", namespace, "-o", "jsonpath={.spec.replicas}"])
        return result.status == 0 ? result.standardOutput : nil
    }

    /// A GitHub push event of `body` signed with `secret`, posted to `serve`.
    static func push(_ body: String, secret: String, to serve: ServeProcess) async throws -> (status: Int, body: String)
    {
        let signature = WebhookSignature.hmacHex(Array(body.utf8), secret: secret)
        return try await ServeProcess.request([
            "-X", "POST", "-H", "X-GitHub-Event: push", "-H", "X-Hub-Signature-256: sha256=\(signature)",
            "-H", "Content-Type: application/json", "--data-binary", body, serve.address! + "/api/webhook",
        ])
    }
}

/// The `settings` ConfigMap's `data.replicas`.
enum ConfigMapValue {
    static func replicas(
        _ kubeconfig: String, _ context: String, _ namespace: String, _ session: FlotillaSession
    ) async throws -> String? {
        try await ServeCommandTests.replicasSetting(kubeconfig, context, namespace, session)
    }
}
