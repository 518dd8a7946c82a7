import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Registry
import Synchronization
import Testing

@testable import Controller

@Suite("FleetController.perform: the API's Sync, Refresh and Rollback")
struct ControllerActionTests {
    @Test("before the first cycle nothing can be done; an unknown target is refused")
    func refusals() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await #expect(throws: TargetActionError.notReady) {
            try await fixture.controller.perform(.compare, application: "manual", cluster: "c1", by: .token("t"))
        }
        await fixture.controller.cycle()
        await #expect(throws: TargetActionError.unknownTarget(application: "nope", cluster: "c1")) {
            try await fixture.controller.perform(.compare, application: "nope", cluster: "c1", by: .token("t"))
        }
        #expect(await !fixture.controller.refresh(application: "nope", cluster: "c1"))
    }

    @Test("a sync asked for writes a manual target, records who asked, and releases a hold")
    func sync() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await fixture.controller.cycle()
        fixture.store.hold(
            SyncHold(application: "manual", cluster: "c1", rolledBackTo: "abc", gitRevision: nil, since: Date()))
        let dry = try await fixture.controller.perform(
            .sync(prune: false, dryRun: true), application: "manual", cluster: "c1", by: .token("ops"))
        #expect(dry.report.sync == nil)
        #expect(fixture.value("manual") == nil, "a dry run writes nothing")

        let outcome = try await fixture.controller.perform(
            .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("ops"))
        #expect(outcome.report.sync?.succeeded == true)
        #expect(fixture.value("manual") == "one")
        let entry = try #require(fixture.store.history.last)
        #expect(entry.application == "manual" && entry.initiatedBy == .token("ops"))
        #expect(try fixture.store.holds().isEmpty, "a sync asked for resumes automated sync")
        #expect(fixture.observer.reconciled.contains { $0.target == "manual@c1" && $0.trigger == .manual })
    }

    @Test("a cluster that drops in the middle of an asked-for sync: the answer says so, the target is free again")
    func clusterDropsMidSync() async throws {
        let dropping = Mutex(true)
        let fixture = try ControllerFixture { verb, key in
            // The first ConfigMap is written; the connection is gone before the second.
            guard verb == "apply", key.namespace == "manual", key.name == "cm-1", dropping.withLock({ $0 }) else {
                return
            }
            throw KubeError(.connectionLost, cluster: "c1", message: "connection reset by peer")
        }
        defer { fixture.remove() }
        await fixture.controller.cycle()
        let failed = try await fixture.controller.perform(
            .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("ops"))
        #expect(failed.report.sync?.succeeded == false)
        #expect(failed.report.message.contains("connection reset by peer"), "\(failed.report.message)")
        #expect(fixture.store.history.last?.succeeded == false)
        #expect(fixture.store.history.last?.initiatedBy == .token("ops"))
        #expect(fixture.store.recorded["manual@c1"]?.syncStatus == .outOfSync)

        dropping.withLock { $0 = false }
        let again = try await fixture.controller.perform(
            .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("ops"))
        #expect(again.report.sync?.succeeded == true, "not left busy: \(again.report.message)")
        #expect(fixture.value("manual") == "one")
    }

    @Test("a target being synced is busy for a second caller; afterwards it is free again")
    func busy() async throws {
        let entered = Latch()
        let release = Latch()
        let fixture = try ControllerFixture { verb, key in
            guard verb == "apply", key.namespace == "manual" else { return }
            entered.open()
            await release.wait()
        }
        defer { fixture.remove() }
        await fixture.controller.cycle()
        let controller = fixture.controller
        let first = Task {
            try await controller.perform(
                .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("a"))
        }
        await entered.wait()
        await #expect(throws: TargetActionError.busy(application: "manual", cluster: "c1")) {
            try await controller.perform(
                .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("b"))
        }
        release.open()
        #expect(try await first.value.report.sync?.succeeded == true)
        let again = try await controller.perform(.compare, application: "manual", cluster: "c1", by: .token("b"))
        #expect(again.report.syncStatus == .synced)
    }

    @Test("a run that only compares is waited for; one that may write is refused")
    func waitsForChecks() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await fixture.controller.cycle()
        let controller = fixture.controller
        await controller.occupy("manual@c1", run: 1000, writing: false)
        let sync = Task {
            try await controller.perform(
                .sync(prune: false, dryRun: false), application: "manual", cluster: "c1", by: .token("a"))
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(fixture.value("manual") == nil, "waits while the check runs")
        await controller.release("manual@c1", run: 1000)
        #expect(try await sync.value.report.sync?.succeeded == true)

        await controller.occupy("manual@c1", run: 1001, writing: true)
        await #expect(throws: TargetActionError.busy(application: "manual", cluster: "c1")) {
            try await controller.perform(.compare, application: "manual", cluster: "c1", by: .token("b"))
        }
    }

    @Test(
        "a child (app of apps) another run has is left out of a cycle, and runs again after it; a Sync frees those it took"
    )
    func childrenAreClaimed() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        _ = try fixture.folder.write(
            "apps/auto/child.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: child}
            spec:
              project: default
              source: {repoURL: ../apps, path: heal}
              destination: {name: c1, namespace: child}
            """)
        await fixture.controller.cycle()
        let runs = { fixture.observer.reconciled.filter { $0.target == "child@c1" }.count }
        #expect(runs() == 1)

        await fixture.controller.occupy("child@c1", run: 1001, writing: true)
        await fixture.controller.cycle()
        #expect(runs() == 1, "a heal of the child is running: the cycle does not run it twice at once")
        #expect(await fixture.controller.again["child@c1"] == .cycle, "it runs again when that run is done")
        #expect(await fixture.controller.running["child@c1"] == 1001)

        await fixture.controller.free("child@c1", run: 1001)
        _ = try await fixture.controller.perform(
            .sync(prune: false, dryRun: false), application: "auto", cluster: "c1", by: .token("ops"))
        #expect(runs() == 2)
        #expect(await fixture.controller.running.isEmpty, "the Sync freed the child it took")
    }

    @Test("a rollback names the entry it cannot use: unknown, or synced from a plain folder")
    func rollbackRefusals() async throws {
        let fixture = try ControllerFixture()
        defer { fixture.remove() }
        await fixture.controller.cycle()
        let entry = try #require(fixture.store.history.first { $0.application == "auto" }?.id)
        await #expect(
            throws: TargetActionError.rollbackRefused(.unknownEntry(application: "auto", cluster: "c1", id: 999))
        ) {
            try await fixture.controller.perform(
                .rollback(historyID: 999, prune: false), application: "auto", cluster: "c1", by: .token("t"))
        }
        await #expect(throws: TargetActionError.rollbackRefused(.noRevision(application: "auto", id: entry))) {
            try await fixture.controller.perform(
                .rollback(historyID: entry, prune: false), application: "auto", cluster: "c1", by: .token("t"))
        }
    }
}

extension FleetController {
    /// Marks `id` as run by `run` (a run that may write, or one that only compares).
    fileprivate func occupy(_ id: String, run: Int, writing: Bool) {
        running[id] = run
        if writing { writingRuns.insert(run) }
    }

    /// Frees `id` from `run` without running what it left to do.
    fileprivate func free(_ id: String, run: Int) {
        running[id] = nil
        again[id] = nil
        writingRuns.remove(run)
    }
}
