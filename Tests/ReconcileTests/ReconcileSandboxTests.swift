import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Sandbox
import Testing

/// One Application on one sandbox cluster, from a real Git repository made by the test.
@Suite("Reconcile against a sandbox cluster")
struct ReconcileSandboxTests {
    static let createNamespace = "  syncPolicy: {syncOptions: [CreateNamespace=true]}"

    func repository(replicas: Int = 2) async throws -> GitRepository {
        let repo = try await GitRepository()
        try repo.write("app/deployment.yaml", Manifests.deployment(replicas: replicas))
        try repo.write("app/service.yaml", Manifests.service)
        try repo.write("app/config.yaml", Manifests.configMap("web-config"))
        try repo.write("README.md", "not a manifest")
        try await repo.commit("first")
        return repo
    }

    @Test("a first sync creates everything; a second writes nothing and finds every object unchanged")
    func firstSyncThenNoop() async throws {
        try await SandboxTarget.with { target in
            let repo = try await repository()
            defer { repo.folder.remove() }
            let app = try SandboxTarget.application("web", repo: repo.path, extra: Self.createNamespace)
            let first = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(first.changes.map(\.action) == [.create, .create, .create])
            #expect(first.revision?.count == 40)
            let synced = try await target.reconciler.sync(app, first)
            #expect(synced.succeeded, "\(synced.message)")
            #expect(
                synced.outcomes.map(\.description) == [
                    "Namespace/shop created (CreateNamespace=true)", "ConfigMap/shop/web-config created",
                    "Service/shop/web created", "Deployment/shop/web created",
                ])
            #expect(synced.health.status == .healthy, "\(synced.health)")
            let live = try await target.live("apps/v1", "Deployment", "shop", "web")
            #expect(live?["metadata"]?["labels"]?["app.kubernetes.io/instance"] == "web")
            #expect(live?["metadata"]?["annotations"]?["flotilla.dev/tracking-id"] == "web:apps/Deployment:shop/web")

            await target.cluster.resetStatistics()
            let second = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(second.isSynced, "server defaults are not drift: \(second.outOfSync.map(\.diff))")
            #expect(second.changes.allSatisfy { $0.action == .unchanged })
            let noop = try await target.reconciler.sync(app, second)
            #expect(noop.outcomes.allSatisfy { $0.result == .unchanged })
            let statistics = await target.cluster.currentStatistics()
            #expect(statistics.writeRequests == 0, "\(statistics.writeLog)")
            #expect(statistics.writes == 0)
        }
    }

    @Test("a commit changing the replica count: the diff shows exactly that field, the sync applies it")
    func replicaChange() async throws {
        try await SandboxTarget.with { target in
            let repo = try await repository()
            defer { repo.folder.remove() }
            let app = try SandboxTarget.application("web", repo: repo.path, extra: Self.createNamespace)
            _ = try await target.reconciler.sync(app, try await target.reconciler.compare(app, baseDirectory: nil))
            try repo.write("app/deployment.yaml", Manifests.deployment(replicas: 5))
            let commit = try await repo.commit("scale")
            let comparison = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(comparison.revision == commit)
            #expect(comparison.outOfSync.map(\.key.description) == ["Deployment/shop/web"])
            let changed = comparison.outOfSync.first?.diff.split(separator: "\n").filter {
                ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++")
            }
            #expect(changed == ["-  replicas: 2", "+  replicas: 5"])
            let synced = try await target.reconciler.sync(app, comparison)
            #expect(synced.outcomes.contains { $0.description == "Deployment/shop/web configured" })
            let live = try await target.live("apps/v1", "Deployment", "shop", "web")
            #expect(live?["spec"]?["replicas"] == 5)
        }
    }

    @Test("an object removed from Git is kept without prune and deleted with it; someone else's never")
    func pruning() async throws {
        try await SandboxTarget.with { target in
            let repo = try await repository()
            defer { repo.folder.remove() }
            let app = try SandboxTarget.application("web", repo: repo.path, extra: Self.createNamespace)
            _ = try await target.reconciler.sync(app, try await target.reconciler.compare(app, baseDirectory: nil))
            let configMaps = try await target.api.resource(apiVersion: "v1", kind: "ConfigMap")
            _ = try await target.api.create(
                [
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": [
                        "name": "foreign", "namespace": "shop", "labels": ["app.kubernetes.io/instance": "web"],
                        "annotations": ["flotilla.dev/tracking-id": "other:/ConfigMap:shop/foreign"],
                    ],
                ], as: configMaps, dryRun: false)
            try repo.remove("app/config.yaml")
            try await repo.commit("drop the config")
            let comparison = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(comparison.outOfSync.map(\.key.description) == ["ConfigMap/shop/web-config"])
            #expect(comparison.outOfSync.first?.action == .delete)
            let foreign = comparison.changes.first { $0.key.name == "foreign" }
            #expect(foreign?.action == .skipped)
            #expect(foreign?.reason.contains("not ours") == true)
            let kept = try await target.reconciler.sync(app, comparison)
            #expect(kept.outcomes.contains { $0.key.name == "web-config" && $0.result == .skipped })
            #expect(try await target.live("v1", "ConfigMap", "shop", "web-config") != nil)
            let pruned = try await target.reconciler.sync(app, comparison, prune: true)
            #expect(pruned.outcomes.contains { $0.description == "ConfigMap/shop/web-config pruned" })
            #expect(try await target.live("v1", "ConfigMap", "shop", "web-config") == nil)
            #expect(try await target.live("v1", "ConfigMap", "shop", "foreign") != nil)
        }
    }

    @Test("drift on a managed field is OutOfSync and self-healed only with selfHeal; other fields are not drift")
    func driftAndSelfHeal() async throws {
        try await SandboxTarget.with { target in
            let repo = try await repository()
            defer { repo.folder.remove() }
            let lazy = try SandboxTarget.application(
                "web", repo: repo.path,
                extra: "  syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}")
            let first = try await target.reconciler.reconcile(lazy, baseDirectory: nil, lastSyncedRevision: nil)
            #expect(first.sync?.succeeded == true)
            let revision = first.comparison.revision
            let deployments = try await target.api.resource(apiVersion: "apps/v1", kind: "Deployment")
            _ = try await target.api.mergePatch(
                deployments, namespace: "shop", name: "web",
                patch: [
                    "metadata": ["labels": ["team": "ops"]],
                    "spec": ["template": ["metadata": ["annotations": ["x": "y"]]]],
                ],
                dryRun: false)
            let unrelated = try await target.reconciler.compare(lazy, baseDirectory: nil)
            #expect(unrelated.isSynced, "fields Git does not set are not drift: \(unrelated.outOfSync.map(\.diff))")
            _ = try await target.api.mergePatch(
                deployments, namespace: "shop", name: "web", patch: ["spec": ["replicas": 7]], dryRun: false)
            let drifted = try await target.reconciler.reconcile(lazy, baseDirectory: nil, lastSyncedRevision: revision)
            #expect(drifted.comparison.outOfSync.map(\.key.description) == ["Deployment/shop/web"])
            #expect(drifted.sync == nil && drifted.reason.contains("selfHeal is off"))
            #expect(try await target.live("apps/v1", "Deployment", "shop", "web")?["spec"]?["replicas"] == 7)
            let healing = try SandboxTarget.application(
                "web", repo: repo.path,
                extra: "  syncPolicy: {automated: {prune: true, selfHeal: true}, syncOptions: [CreateNamespace=true]}")
            let healed = try await target.reconciler.reconcile(
                healing, baseDirectory: nil, lastSyncedRevision: revision)
            #expect(healed.sync?.succeeded == true)
            #expect(try await target.live("apps/v1", "Deployment", "shop", "web")?["spec"]?["replicas"] == 2)
        }
    }

    @Test("waves and hooks run in order; a failing PreSync hook stops the sync and runs SyncFail hooks")
    func wavesAndHooks() async throws {
        try await SandboxTarget.with { target in
            let repo = try await GitRepository()
            defer { repo.folder.remove() }
            try repo.write("app/pre.yaml", Manifests.job("migrate", hook: "PreSync"))
            try repo.write("app/post.yaml", Manifests.job("smoke", hook: "PostSync"))
            try repo.write(
                "app/early.yaml", Manifests.configMap("early", annotations: "{argocd.argoproj.io/sync-wave: '-1'}"))
            try repo.write(
                "app/late.yaml", Manifests.configMap("late", annotations: "{argocd.argoproj.io/sync-wave: '2'}"))
            try repo.write("app/web.yaml", Manifests.deployment())
            try await repo.commit("hooks")
            let app = try SandboxTarget.application("web", repo: repo.path, extra: Self.createNamespace)
            await target.cluster.resetStatistics()
            let result = try await target.reconciler.sync(
                app, try await target.reconciler.compare(app, baseDirectory: nil))
            #expect(result.succeeded, "\(result.message)")
            let writes = await target.cluster.currentStatistics().writeLog.filter { !$0.hasPrefix("DELETE") }
            #expect(
                writes == [
                    "PATCH /api/v1/namespaces/shop", "PATCH /apis/batch/v1/namespaces/shop/jobs/migrate",
                    "PATCH /api/v1/namespaces/shop/configmaps/early",
                    "PATCH /apis/apps/v1/namespaces/shop/deployments/web",
                    "PATCH /api/v1/namespaces/shop/configmaps/late", "PATCH /apis/batch/v1/namespaces/shop/jobs/smoke",
                ])

            try repo.write("app/pre.yaml", Manifests.job("migrate", hook: "PreSync", image: "busybox:fail"))
            try repo.write(
                "app/fail.yaml", Manifests.configMap("alarm", annotations: "{argocd.argoproj.io/hook: SyncFail}"))
            try repo.write("app/web.yaml", Manifests.deployment(replicas: 4))
            try await repo.commit("broken migration")
            let failed = try await target.reconciler.sync(
                app, try await target.reconciler.compare(app, baseDirectory: nil))
            #expect(!failed.succeeded)
            #expect(failed.message == "a PreSync hook failed")
            #expect(
                failed.outcomes.contains { $0.key.name == "migrate" && $0.result == .hook(.preSync, succeeded: false) })
            #expect(
                failed.outcomes.contains { $0.key.name == "alarm" && $0.result == .hook(.syncFail, succeeded: true) })
            #expect(try await target.live("apps/v1", "Deployment", "shop", "web")?["spec"]?["replicas"] == 2)
        }
    }

    @Test("a Deployment whose image never becomes ready ends Degraded with the reason")
    func degraded() async throws {
        try await SandboxTarget.with { target in
            let repo = try await GitRepository()
            defer { repo.folder.remove() }
            try repo.write("app/web.yaml", Manifests.deployment(image: "nginx:fail"))
            try await repo.commit("broken image")
            let app = try SandboxTarget.application("web", repo: repo.path, extra: Self.createNamespace)
            let result = try await target.reconciler.sync(
                app, try await target.reconciler.compare(app, baseDirectory: nil), healthTimeout: .seconds(10))
            #expect(result.succeeded)
            #expect(result.health.status == .degraded)
            #expect(result.health.message.contains("exceeded its progress deadline"), "\(result.health)")
        }
    }

    @Test(
        "PruneLast prunes after everything else; Prune=false keeps an object; Replace=true replaces; an empty render prunes nothing"
    )
    func syncOptions() async throws {
        try await SandboxTarget.with { target in
            let repo = try await GitRepository()
            defer { repo.folder.remove() }
            try repo.write("app/web.yaml", Manifests.deployment())
            try repo.write(
                "app/keep.yaml",
                Manifests.configMap("keep", annotations: "{argocd.argoproj.io/sync-options: Prune=false}"))
            try repo.write("app/drop.yaml", Manifests.configMap("drop"))
            try await repo.commit("first")
            let app = try SandboxTarget.application(
                "web", repo: repo.path, extra: "  syncPolicy: {syncOptions: [CreateNamespace=true, PruneLast=true]}")
            _ = try await target.reconciler.sync(app, try await target.reconciler.compare(app, baseDirectory: nil))
            try repo.remove("app/keep.yaml")
            try repo.remove("app/drop.yaml")
            try repo.write(
                "app/web.yaml",
                Manifests.deployment(replicas: 3, annotations: "{argocd.argoproj.io/sync-options: Replace=true}"))
            try await repo.commit("second")
            let result = try await target.reconciler.sync(
                app, try await target.reconciler.compare(app, baseDirectory: nil), prune: true)
            #expect(result.succeeded, "\(result.message)")
            #expect(
                result.outcomes.map(\.description) == [
                    "ConfigMap/shop/keep skipped (no longer in Git; kept by its Prune=false sync option)",
                    "Deployment/shop/web replaced", "ConfigMap/shop/drop pruned",
                ])
            #expect(try await target.live("v1", "ConfigMap", "shop", "keep") != nil)
            #expect(try await target.live("apps/v1", "Deployment", "shop", "web")?["spec"]?["replicas"] == 3)

            try repo.remove("app/web.yaml")
            try repo.write("app/README.md", "nothing to deploy")  // Git keeps no empty folders
            try await repo.commit("empty")
            let empty = try await target.reconciler.sync(
                app, try await target.reconciler.compare(app, baseDirectory: nil), prune: true)
            #expect(!empty.succeeded)
            #expect(empty.message.hasPrefix("refusing to prune every object"))
            #expect(try await target.live("apps/v1", "Deployment", "shop", "web") != nil)
        }
    }

    /// Records the waits instead of waiting.
    actor RecordingSleeper: Sleeper {
        private(set) var waits: [Duration] = []
        func sleep(for duration: Duration) async { waits.append(duration) }
    }

    @Test("a failing sync is retried as retry.limit and backoff say, on an injected clock")
    func retries() async throws {
        try await SandboxTarget.with { target in
            let repo = try await repository()
            defer { repo.folder.remove() }
            let app = try SandboxTarget.application(
                "web", repo: repo.path,
                extra: "  syncPolicy: {retry: {limit: 2, backoff: {duration: 1s, factor: 3, maxDuration: 1m}}}")
            let sleeper = RecordingSleeper()
            let reconciler = Reconciler(
                api: target.api, renderer: SourceRenderer(cacheDirectory: target.cache.path + "/repos"),
                sleeper: sleeper)
            let result = try await reconciler.sync(app, try await reconciler.compare(app, baseDirectory: nil))
            #expect(!result.succeeded, "namespace shop does not exist and CreateNamespace is not set")
            #expect(result.attempts == 3)
            #expect(
                result.outcomes.contains {
                    $0.result == .failed && $0.message.contains("namespaces \"shop\" not found")
                })
            let retryWaits = await sleeper.waits.filter { $0 >= .seconds(1) }
            #expect(retryWaits == [.seconds(1), .seconds(3)])
        }
    }

    @Test("a source path that escapes the repository, or a missing revision, is a clear error")
    func badSources() async throws {
        try await SandboxTarget.with { target in
            let repo = try await repository()
            defer { repo.folder.remove() }
            let escaping = try SandboxTarget.application("web", repo: repo.path, path: "app/../../etc")
            await #expect(throws: ReconcileError("source path \"app/../../etc\" escapes the repository")) {
                _ = try await target.reconciler.compare(escaping, baseDirectory: nil)
            }
            var missing = try SandboxTarget.application("web", repo: repo.path)
            missing.sources[0].targetRevision = "no-such-branch"
            await #expect(throws: ReconcileError("revision \"no-such-branch\" does not exist in \(repo.path)")) {
                _ = try await target.reconciler.compare(missing, baseDirectory: nil)
            }
        }
    }
}
