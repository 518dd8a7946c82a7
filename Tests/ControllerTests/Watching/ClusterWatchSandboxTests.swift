import FleetModel
import Foundation
import KubeClient
import Reconcile
import Testing

@testable import Controller
@testable import Sandbox

/// `ClusterWatch` against an in-process sandbox cluster, changed by a second client as
/// `kubectl` would change it. Bounds are generous: these wait for real tasks, not a clock.
@Suite("Watching a sandbox cluster")
struct ClusterWatchSandboxTests {
    static let options = WatchOptions(
        backoff: WatchBackoff(initial: .milliseconds(20), cap: .milliseconds(200)))

    struct Setup {
        let cluster: SandboxCluster
        let flotilla: KubeClient
        let kubectl: KubeClient
        let deployments: ResourceType
        let configMaps: ResourceType
        let watch: ClusterWatch
        let log: ChangeLog
    }

    /// A cluster with a tracked Deployment `web` and ConfigMap `settings` of Application
    /// `web`, watched for both kinds.
    static func setUp(_ sandboxOptions: SandboxOptions = SandboxOptions()) async throws -> Setup {
        let cluster = try SandboxCluster(name: "sbx", options: sandboxOptions)
        let flotilla = KubeClient(transport: InProcessTransport(cluster))
        let kubectl = KubeClient(
            transport: InProcessTransport(cluster, user: UserInfo(name: "someone", groups: ["system:masters"])))
        let deployments = try await flotilla.resource(apiVersion: "apps/v1", kind: "Deployment")
        let configMaps = try await flotilla.resource(apiVersion: "v1", kind: "ConfigMap")
        let apply = ApplyOptions(fieldManager: "flotilla", force: true)
        _ = try await flotilla.apply(
            Tracking.mark(Self.deployment, application: "web"), as: deployments, options: apply)
        _ = try await flotilla.apply(Tracking.mark(Self.settings, application: "web"), as: configMaps, options: apply)
        let log = ChangeLog()
        let watch = ClusterWatch(api: flotilla, options: Self.options, onChange: log.sink)
        let kinds = [
            GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment"),
            GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"),
        ]
        watch.watch(await ClusterWatch.resourceTypes(for: kinds, on: flotilla).types)
        return Setup(
            cluster: cluster, flotilla: flotilla, kubectl: kubectl, deployments: deployments, configMaps: configMaps,
            watch: watch, log: log)
    }

    @Test(
        "a kubectl change to a tracked object is reported, a status update and an untracked object's change are not, a delete is"
    )
    func reportsDrift() async throws {
        let sandbox = try await Self.setUp()
        defer { sandbox.watch.stop() }
        #expect(await eventually { sandbox.watch.status.openWatches == 2 })
        #expect(await eventually { await sandbox.cluster.openWatchCount() == 2 })

        _ = try await sandbox.kubectl.create(Self.untracked, as: sandbox.configMaps, dryRun: false)
        _ = try await sandbox.kubectl.mergePatch(
            sandbox.deployments, namespace: "default", name: "web", patch: ["spec": ["replicas": 5]], dryRun: false)
        #expect(await eventually(within: 30) { !sandbox.log.all.isEmpty })
        // The simulated rollout writes the Deployment's status: not drift.
        #expect(
            await eventually(within: 30) {
                let live = try? await sandbox.flotilla.get(sandbox.deployments, namespace: "default", name: "web")
                return live?["status"]?["readyReplicas"]?.intValue == 5
            })
        _ = try await sandbox.kubectl.mergePatch(
            sandbox.configMaps, namespace: "default", name: "settings", patch: ["data": ["mode": "debug"]],
            dryRun: false)
        #expect(await eventually(within: 30) { sandbox.log.all.count >= 2 })
        try await sandbox.kubectl.delete(
            sandbox.configMaps, namespace: "default", name: "settings", propagation: .background, dryRun: false)
        #expect(await eventually(within: 30) { sandbox.log.all.count >= 3 })
        #expect(
            sandbox.log.all.map { "\($0.cluster) \($0.key) \($0.application) \($0.kind)" } == [
                "sbx Deployment/default/web web modified", "sbx ConfigMap/default/settings web modified",
                "sbx ConfigMap/default/settings web deleted",
            ])
    }

    @Test(
        "after its watches were cut for longer than the cluster's history, a watch relists and reports the deletion it missed"
    )
    func relistsAfterExpiry() async throws {
        let sandbox = try await Self.setUp(SandboxOptions(watchHistory: 3))
        defer { sandbox.watch.stop() }
        #expect(await eventually { await sandbox.cluster.openWatchCount() == 2 })
        await sandbox.cluster.setFaults(.droppingWatches)
        #expect(await eventually { !sandbox.watch.status.connected })
        try await sandbox.kubectl.delete(
            sandbox.configMaps, namespace: "default", name: "settings", propagation: .background, dryRun: false)
        for index in 0..<5 {
            _ = try await sandbox.kubectl.create(
                Objects.with(Self.untracked, ["metadata", "name"], .string("noise-\(index)")), as: sandbox.configMaps,
                dryRun: false)
        }
        await sandbox.cluster.setFaults(SandboxFaults())
        #expect(await eventually(within: 30) { sandbox.log.all.count >= 1 })
        #expect(
            sandbox.log.all.map { "\($0.key) \($0.kind) \($0.foundByRelist)" } == [
                "ConfigMap/default/settings deleted true"
            ])
        #expect(await eventually(within: 30) { sandbox.watch.status.connected })
        #expect(sandbox.watch.status.lists >= 3)
        #expect(sandbox.watch.status.lastError?.isEmpty == false)
    }

    @Test("a cluster that goes down is reconnected when it comes back, without missing a change")
    func reconnects() async throws {
        let sandbox = try await Self.setUp()
        defer { sandbox.watch.stop() }
        #expect(await eventually { await sandbox.cluster.openWatchCount() == 2 })
        await sandbox.cluster.setFaults(.down)
        #expect(await eventually { !sandbox.watch.status.connected })
        #expect(await sandbox.cluster.openWatchCount() == 0)
        // A change while the watch is away (the sandbox's own handler, as if on another path).
        await sandbox.cluster.setFaults(SandboxFaults())
        _ = try await sandbox.kubectl.mergePatch(
            sandbox.configMaps, namespace: "default", name: "settings", patch: ["data": ["mode": "away"]], dryRun: false
        )
        #expect(await eventually(within: 30) { sandbox.log.all.count >= 1 })
        #expect(sandbox.log.all.map { "\($0.key) \($0.kind)" } == ["ConfigMap/default/settings modified"])
        // A quiet type reconnects after its backoff (up to 30 s once the cluster was down a while).
        #expect(await eventually(within: 90) { sandbox.watch.status.connected }, "\(sandbox.watch.status)")
    }

    static let deployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": "web", "namespace": "default"],
        "spec": [
            "replicas": 2, "selector": ["matchLabels": ["app": "web"]],
            "template": [
                "metadata": ["labels": ["app": "web"]],
                "spec": ["containers": [["name": "web", "image": "nginx:1.27"]]],
            ],
        ],
    ]

    static let settings: JSONValue = [
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "default"],
        "data": ["mode": "fast"],
    ]

    static let untracked: JSONValue = [
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "other", "namespace": "default"],
        "data": ["mode": "fast"],
    ]
}
