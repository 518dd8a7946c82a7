import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Testing

@testable import Controller

/// `ClusterWatch` against a scripted cluster and a manual clock: what is reported, from
/// which resource version a watch resumes, when it relists, how it backs off.
@Suite("Watching a cluster's tracked objects")
struct ClusterWatchTests {
    static let web = ResourceKey(group: "apps", kind: "Deployment", namespace: "shop", name: "web")

    static func options(timeout: Int = 300, grace: Duration = .seconds(30)) -> WatchOptions {
        WatchOptions(
            timeoutSeconds: timeout...timeout, staleGrace: grace, backoff: WatchBackoff(jitter: 0), random: { 0.5 })
    }

    static func start(
        _ api: ScriptedWatchAPI, _ types: Set<ResourceType> = [Objects.deployments],
        clock: RecordingClock = RecordingClock(), options: WatchOptions = options()
    ) -> (ClusterWatch, ChangeLog) {
        let log = ChangeLog()
        let watch = ClusterWatch(api: api, options: options, clock: clock, onChange: log.sink)
        watch.watch(types)
        return (watch, log)
    }

    @Test("the first list is what exists, not a change; events after it are, from the list's resource version")
    func reportsEventsAfterTheList() async throws {
        let api = ScriptedWatchAPI()
        api.setObjects("deployments", [Objects.deployment("web", version: "10")], version: "10")
        let (watch, log) = Self.start(api)
        defer { watch.stop() }
        #expect(await eventually { api.watchCount("deployments") == 1 })
        #expect(api.calls("list", "deployments").map(\.labelSelector) == ["app.kubernetes.io/instance"])
        let opened = try #require(api.calls("watch", "deployments").first)
        #expect(opened.resourceVersion == "10")
        #expect(opened.labelSelector == "app.kubernetes.io/instance")
        #expect(opened.timeoutSeconds == 300)

        // A status write, then a change under a version already seen: neither is drift.
        api.send("deployments", "MODIFIED", Objects.deployment("web", version: "11", ready: 2))
        api.send("deployments", "MODIFIED", Objects.deployment("web", replicas: 5, generation: 2, version: "11"))
        api.send("deployments", "MODIFIED", Objects.deployment("web", replicas: 5, generation: 2, version: "12"))
        #expect(await eventually { log.all.count == 1 })
        #expect(
            log.all == [
                TrackedChange(cluster: "c1", application: "web", key: Self.web, kind: .modified, resourceVersion: "12")
            ])

        // A labelled object whose tracking id does not name it (a child, another tool's) is not tracked.
        let stray = Objects.with(Objects.deployment("stray", version: "13"), ["metadata", "annotations"], nil)
        api.send("deployments", "ADDED", stray)
        api.send("deployments", "ADDED", Objects.deployment("api", application: "api", version: "14"))
        api.send("deployments", "DELETED", Objects.deployment("web", replicas: 5, generation: 2, version: "15"))
        #expect(await eventually { log.all.count == 3 })
        #expect(
            log.all.dropFirst().map { "\($0.key) \($0.application) \($0.kind)" } == [
                "Deployment/shop/api api added", "Deployment/shop/web web deleted",
            ])
        #expect(watch.status.changes == 3)
        #expect(watch.status.openWatches == 1 && watch.status.connected)
    }

    @Test("a watch the server ends resumes from the last version seen (bookmarks too), without a relist")
    func resumesFromTheLastVersion() async throws {
        let api = ScriptedWatchAPI()
        api.setObjects("deployments", [Objects.deployment("web", version: "10")], version: "10")
        let (watch, log) = Self.start(api)
        defer { watch.stop() }
        #expect(await eventually { api.watchCount("deployments") == 1 })
        api.send("deployments", "MODIFIED", Objects.deployment("web", replicas: 3, version: "11"))
        api.send(
            "deployments", "BOOKMARK",
            ["kind": "Deployment", "apiVersion": "apps/v1", "metadata": ["resourceVersion": "20"]])
        api.stream("deployments")?.finish()
        #expect(await eventually { api.watchCount("deployments") == 2 })
        #expect(api.calls("watch", "deployments").map(\.resourceVersion) == ["10", "20"])
        #expect(api.calls("list", "deployments").count == 1)
        // The server replays an event seen before the end: not reported twice.
        api.send("deployments", "MODIFIED", Objects.deployment("web", replicas: 3, version: "11"))
        api.send("deployments", "MODIFIED", Objects.deployment("web", replicas: 4, version: "21"))
        #expect(await eventually { log.all.count == 2 })
        #expect(log.all.map(\.resourceVersion) == ["11", "21"])
    }

    @Test("a watch that ends at once without an event waits before the next; one that stalls is reconnected")
    func endsWithoutEventsAndStalls() async throws {
        let api = ScriptedWatchAPI()
        api.setObjects("deployments", [Objects.deployment("web", version: "10")], version: "10")
        let clock = RecordingClock()
        let (watch, _) = Self.start(api, clock: clock, options: Self.options(timeout: 10, grace: .seconds(5)))
        defer { watch.stop() }
        #expect(await eventually { api.watchCount("deployments") == 1 && clock.sleepers == 1 })
        #expect(clock.recorded == [.seconds(15)])  // the stalled-watch guard: timeout + grace
        api.stream("deployments")?.finish()
        #expect(await eventually { clock.recorded.last == .seconds(1) && clock.sleepers == 1 })
        clock.advance(by: .seconds(1))
        #expect(await eventually { api.watchCount("deployments") == 2 && clock.sleepers == 1 })
        // Silent past its timeout: taken for a dead connection, reconnected after backoff.
        clock.advance(by: .seconds(15))
        #expect(await eventually { clock.recorded.last == .seconds(2) && clock.sleepers == 1 })
        #expect(watch.status.lastError?.contains("silent past its timeout") == true)
        #expect(!watch.status.connected)
        clock.advance(by: .seconds(2))
        #expect(await eventually { api.watchCount("deployments") == 3 })
        #expect(api.calls("watch", "deployments").map(\.resourceVersion) == ["10", "10", "10"])
        #expect(api.calls("list", "deployments").count == 1)
    }

    @Test("reconnects back off 1 s, 2 s, 4 s … capped at 30 s, and start over once connected")
    func backsOff() async throws {
        let api = ScriptedWatchAPI()
        let refused = KubeError(.unreachable, cluster: "c1", message: "connection refused")
        for _ in 0..<7 { api.queueList("deployments", .failure(refused)) }
        api.setObjects("deployments", [Objects.deployment("web", version: "10")], version: "10")
        let clock = RecordingClock()
        let (watch, _) = Self.start(api, clock: clock)
        defer { watch.stop() }
        for attempt in 1...7 {
            #expect(await eventually { clock.sleepers == 1 && clock.recorded.count == attempt })
            if attempt == 1 {
                #expect(watch.status.disconnectedTypes == ["deployments.apps"])
                #expect(watch.status.lastError == "deployments.apps: connection refused")
                #expect(watch.status.openWatches == 0)
            }
            clock.advance(by: clock.recorded[attempt - 1])
        }
        #expect(Array(clock.recorded.prefix(7)) == [1, 2, 4, 8, 16, 30, 30].map { Duration.seconds($0) })
        #expect(await eventually { api.watchCount("deployments") == 1 })
        #expect(await eventually { watch.status.connected })
        // The cluster drops the watch: the first wait is 1 s again, and it resumes, not relists.
        api.stream("deployments")?.finish(throwing: KubeError(.connectionLost, cluster: "c1", message: "broken"))
        #expect(await eventually { clock.recorded.last == .seconds(1) })
        clock.advance(by: .seconds(1))
        #expect(await eventually { api.watchCount("deployments") == 2 })
        #expect(api.calls("watch", "deployments").map(\.resourceVersion) == ["10", "10"])
        #expect(api.calls("list", "deployments").count == 8)
    }

    @Test(
        "backoff waits with jitter stay within the spread and the cap",
        arguments: [(1, 0.0, 800), (1, 0.999, 1199), (3, 0.5, 4000), (5, 1.0, 19200), (6, 0.0, 24000), (9, 1.0, 30000)]
    )
    func backoffJitter(failures: Int, random: Double, milliseconds: Int) {
        let delay = WatchBackoff().delay(afterFailures: failures, random: random)
        #expect(abs((delay - .milliseconds(milliseconds)) / .milliseconds(1)) < 1.5)
    }

    @Test("the set of watched types changes: new types start, dropped ones stop, kept ones go on")
    func changesTypes() async throws {
        let api = ScriptedWatchAPI()
        let (watch, _) = Self.start(api)
        defer { watch.stop() }
        #expect(await eventually { api.watchCount("deployments") == 1 })
        watch.watch([Objects.deployments, Objects.configMaps])
        #expect(await eventually { api.watchCount("configmaps") == 1 })
        #expect(api.calls("list", "deployments").count == 1)
        #expect(watch.status.watchedTypes == 2)
        watch.watch([Objects.configMaps])
        #expect(await eventually { api.endedCount("deployments") == 1 })
        #expect(watch.types == [Objects.configMaps])
        #expect(watch.status.watchedTypes == 1)
        watch.stop()
        #expect(await eventually { api.endedCount("configmaps") == 1 })
        watch.watch([Objects.deployments])
        #expect(watch.types.isEmpty)
    }

    @Test("the types to watch: kinds the cluster serves with list and watch, each once")
    func resolvesTypes() async {
        let bindings = ResourceType(
            group: "", version: "v1", kind: "Binding", plural: "bindings", namespaced: true, verbs: ["create"])
        let api = ScriptedWatchAPI(types: [Objects.deployments, Objects.configMaps, bindings])
        let kinds = [
            GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment"),
            GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), GroupVersionKind(apiVersion: "v1", kind: "Binding"),
            GroupVersionKind(apiVersion: "example.com/v1", kind: "Widget"),
            GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment"),
        ]
        let resolved = await ClusterWatch.resourceTypes(for: kinds, on: api)
        #expect(resolved.types == [Objects.deployments, Objects.configMaps])
        #expect(resolved.skipped.keys.map(\.kind).sorted() == ["Binding", "Widget"])
        #expect(
            resolved.skipped[GroupVersionKind(apiVersion: "v1", kind: "Binding")]?.contains(
                "cannot be listed and watched") == true)
    }
}

/// `FleetWatches`: many clusters' watches behind one stream.
@Suite("Watching a fleet")
struct FleetWatchesTests {
    @Test("one stream of every cluster's changes; clusters come and go; statuses per cluster")
    func fleet() async throws {
        let one = ScriptedWatchAPI(name: "one", types: [Objects.deployments, Objects.configMaps])
        let two = ScriptedWatchAPI(name: "two", types: [Objects.deployments])
        one.setObjects("deployments", [Objects.deployment("web", version: "10")], version: "10")
        two.setObjects("deployments", [Objects.deployment("web", version: "10")], version: "10")
        let fleet = FleetWatches(options: ClusterWatchTests.options(), clock: RecordingClock())
        let deployment = GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment")
        let configMap = GroupVersionKind(apiVersion: "v1", kind: "ConfigMap")
        let resolved = await fleet.update(one, kinds: [deployment, configMap])
        #expect(resolved.types.count == 2)
        await fleet.update(two, kinds: [deployment, configMap])
        #expect(await eventually { one.watchCount("deployments") == 1 && two.watchCount("deployments") == 1 })
        #expect(await eventually { fleet.openWatches == 3 })
        #expect(fleet.statuses.map(\.cluster) == ["one", "two"])
        two.send("deployments", "MODIFIED", Objects.deployment("web", replicas: 7, version: "11"))
        var changes = fleet.changes.makeAsyncIterator()
        let change = await changes.next()
        #expect(change?.cluster == "two" && change?.kind == .modified)
        fleet.retain(["one"])
        #expect(await eventually { two.endedCount("deployments") == 1 })
        #expect(fleet.statuses.map(\.cluster) == ["one"])
        fleet.stop()
        #expect(await changes.next() == nil)
    }
}
