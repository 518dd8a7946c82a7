import Controller
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Registry
import Synchronization
import Testing

@testable import Controller

@Suite("The controller: cycles, automated sync, self-heal, holds, shutdown")
struct FleetControllerTests {
    @Test("a cycle syncs automated Applications and only compares the others")
    func cycleSyncsAutomated() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await fixture.controller.cycle()
        #expect(fixture.value("auto") == "one")
        #expect(fixture.value("heal") == "one")
        #expect(fixture.value("manual") == nil, "not automated: not written")
        #expect(fixture.store.recorded["manual@c1"]?.syncStatus == .outOfSync)
        #expect(fixture.store.recorded["auto@c1"]?.syncStatus == .synced)
        #expect(fixture.store.history.map(\.application).sorted() == ["auto", "heal"])
        #expect(fixture.store.cycles.count == 1)
        #expect(await fixture.controller.isReady)

        await fixture.controller.cycle()
        #expect(fixture.store.history.count == 2, "a cycle with nothing to do writes no history")
        #expect(fixture.observer.problems.isEmpty, "\(fixture.observer.problems)")
    }

    @Test("drift is undone by a cycle only with selfHeal; a change in Git is synced either way")
    func driftAndChanges() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await fixture.controller.cycle()
        fixture.drift("auto")
        fixture.drift("heal")
        await fixture.controller.cycle()
        #expect(fixture.value("heal") == "one", "selfHeal: undone")
        #expect(fixture.value("auto") == "changed by hand", "no selfHeal: left alone")
        #expect(fixture.store.recorded["auto@c1"]?.syncStatus == .outOfSync)

        try ControllerFixture.writeManifests("auto", value: "two", in: fixture.folder)
        await fixture.controller.cycle()
        #expect(fixture.value("auto") == "two", "Git changed: synced")
        #expect(fixture.store.recorded["auto@c1"]?.syncStatus == .synced)
    }

    @Test("a target held after a rollback is not synced and says why, until its hold is released")
    func holds() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await fixture.controller.cycle()
        fixture.store.hold(
            SyncHold(
                application: "auto", cluster: "c1", rolledBackTo: "0123456789abcdef", gitRevision: nil, since: Date()))
        try ControllerFixture.writeManifests("auto", value: "two", in: fixture.folder)
        await fixture.controller.cycle()
        await fixture.controller.cycle()
        #expect(fixture.value("auto") == "one")
        #expect(fixture.store.recorded["auto@c1"]?.message == "rolled back to 0123456789ab; automated sync paused")

        try fixture.store.release([("auto", "c1")])
        await fixture.controller.cycle()
        #expect(fixture.value("auto") == "two")
    }

    @Test("an automated parent's children are synced in its cycle and become targets; one it drops is retired")
    func appOfApps() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        let child = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: child, finalizers: [resources-finalizer.argocd.argoproj.io]}
            spec:
              project: default
              source: {repoURL: ../apps, path: heal}
              destination: {name: c1, namespace: child}
              syncPolicy: {automated: {prune: true}}
            """
        _ = try fixture.folder.write("apps/auto/child.yaml", child)
        await fixture.controller.cycle()
        let childKey = ResourceKey(group: "", kind: "ConfigMap", namespace: "child", name: "cm-0")
        #expect(fixture.cluster.object(childKey) != nil, "the child is synced in the parent's cycle")
        #expect(fixture.store.recorded["child@c1"]?.parent == "auto@c1")
        #expect(await fixture.controller.targets["child@c1"] != nil, "the child is a target: watched, healed")

        try FileManager.default.removeItem(atPath: fixture.folder.path + "/apps/auto/child.yaml")
        await fixture.controller.cycle()
        #expect(fixture.store.recorded["child@c1"] == nil)
        #expect(fixture.cluster.object(childKey) == nil, "finalizer and a pruning parent: its objects go")
        #expect(await fixture.controller.targets["child@c1"] == nil)
    }

    @Test("a new child of a parent without automated sync waits for a person's Sync; its siblings run meanwhile")
    func childrenWaitForAManualParent() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        func child(_ name: String) -> String {
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: \(name)}
            spec:
              project: default
              source: {repoURL: ../apps, path: heal}
              destination: {name: c1, namespace: \(name)}
              syncPolicy: {automated: {selfHeal: true}}
            """
        }
        _ = try fixture.folder.write("apps/manual/first.yaml", child("first"))
        await fixture.controller.cycle()
        #expect(fixture.store.recorded["first@c1"] == nil, "a first child waits for the parent's first sync too")
        _ = try await fixture.controller.perform(
            .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("ops"))
        #expect(fixture.store.recorded["first@c1"]?.syncStatus == .synced)

        _ = try fixture.folder.write("apps/manual/second.yaml", child("second"))
        let cycledBefore = fixture.observer.reconciled.filter { $0.target == "first@c1" && $0.trigger == .cycle }.count
        await fixture.controller.cycle()
        let parent = try #require(fixture.store.recorded["manual@c1"])
        #expect(parent.syncStatus == .outOfSync)
        #expect(parent.message.contains("child Applications differ from Git (new Application/second)"))
        #expect(fixture.store.recorded["second@c1"] == nil, "not before the parent's sync")
        #expect(await fixture.controller.targets["first@c1"] != nil, "the applied child stays a target")
        #expect(
            fixture.observer.reconciled.filter { $0.target == "first@c1" && $0.trigger == .cycle }.count
                == cycledBefore + 1, "the applied child runs in the cycle")

        _ = try await fixture.controller.perform(
            .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("ops"))
        #expect(fixture.store.recorded["second@c1"]?.syncStatus == .synced)
        #expect(fixture.store.recorded["manual@c1"]?.syncStatus == .synced)
    }

    @Test("fleet files that cannot be read retire nothing and keep the last targets")
    func unreadableFleet() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await fixture.controller.cycle()
        _ = try fixture.folder.write("fleets/fleet.yaml", "kind: [unclosed\n")
        await fixture.controller.cycle()
        #expect(fixture.observer.problems.contains { $0.contains("the fleet could not be read") })
        #expect(fixture.store.recorded.keys.sorted() == ["auto@c1", "heal@c1", "manual@c1"])
        #expect(fixture.value("auto") == "one")
    }

    @Test("a watched change heals a selfHeal target after the debounce; without selfHeal it is only compared")
    func watchedDrift() async throws {
        let clock = ManualClock()
        let fixture = try ControllerFixture(clock: clock)
        defer { fixture.remove() }
        let controller = fixture.controller
        let running = Task { await controller.run() }
        try await eventually("the first cycle") { await controller.isReady }

        fixture.drift("heal")
        fixture.drift("auto")
        await controller.observed(application: "heal", cluster: "c1")
        await controller.observed(application: "auto", cluster: "c1")
        await controller.observed(application: "heal", cluster: "c1")  // debounced: one run
        try await eventually("the debounce sleepers") { clock.sleepers == 3 }
        clock.advance(by: .milliseconds(500))
        try await eventually("the heal, reported") {
            fixture.value("heal") == "one" && fixture.observer.reconciled.contains { $0.trigger == .heal }
        }
        // The observer hears of a target as it finishes; the store is written just after.
        try await eventually("the drift check, recorded") {
            fixture.observer.reconciled.contains { $0.target == "auto@c1" && $0.trigger == .drift }
                && fixture.store.recorded["auto@c1"]?.syncStatus == .outOfSync
        }
        #expect(fixture.value("auto") == "changed by hand")
        #expect(fixture.observer.reconciled.filter { $0.trigger == .heal }.map(\.target) == ["heal@c1"])

        // Undone again at once: the next heal waits 2 s more.
        fixture.drift("heal")
        await controller.observed(application: "heal", cluster: "c1")
        try await eventually("the backoff sleeper") { clock.sleepers == 2 }
        clock.advance(by: .milliseconds(500))
        #expect(fixture.value("heal") == "changed by hand", "the backoff holds the heal")
        clock.advance(by: .seconds(2))
        try await eventually("the second heal, reported") {
            fixture.value("heal") == "one" && fixture.observer.reconciled.filter { $0.trigger == .heal }.count == 2
        }

        await controller.stop()
        await running.value
    }

    @Test("a push reconciles the targets whose source it names, now, without waiting for the interval")
    func webhookRefresh() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        let controller = fixture.controller
        let running = Task { await controller.run() }
        try await eventually("the first cycle") { await controller.isReady }
        try ControllerFixture.writeManifests("auto", value: "pushed", in: fixture.folder)
        await controller.refresh { repoURL, _ in repoURL == "elsewhere" }
        await controller.refresh { repoURL, revision in repoURL == "../apps" && revision == "HEAD" }
        try await eventually("the pushed change, reported") {
            fixture.value("auto") == "pushed"
                && Set(fixture.observer.reconciled.filter { $0.trigger == .webhook }.map(\.target))
                    == ["auto@c1", "heal@c1", "manual@c1"]
        }
        #expect(fixture.value("manual") == nil, "a push syncs only automated targets")
        await controller.stop()
        await running.value
    }

    @Test("stop() lets the running sync finish and be recorded, then run() returns")
    func gracefulStop() async throws {
        let latch = Latch()
        let held = Latch()
        let fixture = try ControllerFixture { verb, _ in
            held.open()
            await latch.wait()
        }
        defer { fixture.remove() }
        let controller = fixture.controller
        let running = Task { await controller.run() }
        try await eventually("a write under way") { held.isOpen }
        await controller.stop()
        latch.open()
        await running.value
        #expect(fixture.store.recorded["auto@c1"]?.syncStatus == .synced)
        #expect(fixture.store.history.map(\.application).sorted() == ["auto", "heal"])
    }

    @Test("a cluster that cannot be reached waits out a growing backoff instead of being probed every cycle")
    func unreachableClusterBacksOff() async throws {
        let clock = ManualClock()
        let fixture = try ControllerFixture(clock: clock, probeFails: true)
        defer { fixture.remove() }
        await fixture.controller.cycle()
        #expect(fixture.observer.reconciled.count == 3)
        #expect(fixture.store.recorded["auto@c1"]?.message.contains("connection refused") == true)

        await fixture.controller.cycle()
        #expect(fixture.observer.reconciled.count == 3, "skipped while backing off")
        #expect(
            fixture.observer.problems.last
                == "cluster \"c1\" failed its last run; its targets wait 10s before the next try")

        clock.advance(by: .seconds(10))
        await fixture.controller.cycle()
        #expect(fixture.observer.reconciled.count == 6, "tried again")
        clock.advance(by: .seconds(10))
        await fixture.controller.cycle()
        #expect(fixture.observer.reconciled.count == 6, "the second wait is 20 s")
        clock.advance(by: .seconds(10))
        await fixture.controller.cycle()
        #expect(fixture.observer.reconciled.count == 9)
    }

    @Test("the refresh interval is spread by ±jitter")
    func jitter() {
        let schedule = RefreshSchedule(interval: .seconds(100), jitter: 0.1)
        #expect(schedule.wait(random: 0) == .seconds(90))
        #expect(schedule.wait(random: 0.5) == .seconds(100))
        #expect(schedule.wait(random: 1) == .seconds(110))
    }
}
