import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Reconcile
import Registry
import Testing

@testable import Controller

/// Resume and Abort of a rollout under `flotilla serve` (the API's and the dashboard's): the
/// controller carries them out with its gate, its busy targets and its observer.
@Suite("The controller resumes and aborts rollouts")
struct ControllerRolloutActionTests {
    /// Two automated Applications on cluster `c1` from a Git repository, `first` (wave canary)
    /// and `second` (wave rest), each a ConfigMap; canary bakes an hour before rest opens.
    struct Setup {
        let repository: GitRepository
        let folder: TemporaryFolder
        let cluster: MemoryCluster
        let store = MemoryStore(clusters: [Cluster(name: "c1", server: "https://c1")])
        let observer = RecordingObserver()
        let controller: FleetController

        init(
            gate: @escaping @Sendable (_ verb: String, _ key: ResourceKey) async throws -> Void = { _, _ in }
        )
            async throws
        {
            repository = try await GitRepository()
            folder = try TemporaryFolder()
            let cluster = MemoryCluster("c1", gate: gate)
            self.cluster = cluster
            let fleetFile = try folder.write(
                "fleet.yaml",
                RolloutFleet.yaml(
                    source: "repoURL: '\(repository.path)', targetRevision: HEAD, path: '<<app>>'", pauseAfter: "1h"))
            let folder = self.folder
            controller = FleetController(
                source: .paths([fleetFile]), store: store, workDirectory: folder.path, clock: ManualClock(),
                random: { 0.5 }, observer: observer
            ) {
                Engine(renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")) { _, _ in cluster }
            }
        }

        /// Commits both ConfigMaps with `value`; the commit.
        @discardableResult
        func commit(_ value: String) async throws -> String {
            for app in ["first", "second"] {
                try repository.write(
                    "\(app)/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {k: \(value)}\n")
            }
            return try await repository.commit(value)
        }

        func value(_ app: String) -> String? {
            cluster.object(ResourceKey(group: "", kind: "ConfigMap", namespace: app, name: "cm"))?["data"]?["k"]?
                .stringValue
        }

        func rollout() throws -> RolloutRecord? { try store.rollout(of: "web") }

        /// Commit `one` rolled out everywhere (canary's bake time cut short), then commit `two`
        /// synced to canary, which bakes; the commits.
        func rolledOutTwoOnCanary() async throws -> (good: String, bad: String) {
            let good = try await commit("one")
            await controller.cycle()
            var record = try #require(try rollout())
            #expect(record.state == .paused)
            record.pausedUntil = Date(timeIntervalSinceNow: -1)
            try store.saveRollout(record)
            await controller.cycle()
            #expect(try rollout()?.state == .completed)
            #expect(value("second") == "one")
            let bad = try await commit("two")
            await controller.cycle()
            #expect(value("first") == "two")
            #expect(value("second") == "one", "rest waits for canary's bake time")
            #expect(try rollout()?.state == .paused)
            return (good, bad)
        }

        func remove() {
            folder.remove()
            repository.folder.remove()
        }
    }

    @Test("abort: the reached step goes back to the last commit healthy everywhere, as a rollback by the token")
    func abort() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        let (good, bad) = try await setup.rolledOutTwoOnCanary()
        let synced = setup.store.history.count

        let outcome = try await setup.controller.abortRollout(named: "web", by: .token("ops"))
        #expect(outcome.record.state == .aborted)
        #expect(outcome.revision == good)
        #expect(outcome.reports.map(\.target.id) == ["first@c1"])
        #expect(setup.value("first") == "one", "canary is back on the good commit")
        #expect(setup.value("second") == "one")
        let entries = setup.store.history.dropFirst(synced)
        #expect(entries.map(\.application) == ["first"])
        #expect(entries.first?.initiatedBy == .token("ops"))
        #expect(entries.first?.revision == good)
        #expect(entries.first?.message.hasPrefix("rollback to \(good.prefix(12))") == true, "\(entries)")
        #expect(
            setup.observer.reconciled.last.map { [$0.target, "\($0.trigger)", "\($0.synced)"] } == [
                "first@c1", "manual", "true",
            ])

        await setup.controller.cycle()
        #expect(setup.value("first") == "one", "an aborted rollout's commit is not synced again")
        #expect(try setup.rollout()?.state == .aborted)
        #expect(try setup.rollout()?.revision == bad)
        await #expect(throws: RolloutActionError.refused("the rollout of web is aborted: there is nothing to abort")) {
            try await setup.controller.abortRollout(named: "web", by: .token("ops"))
        }
    }

    @Test("resume of an aborted rollout reopens its step: canary syncs the commit again, though it was attempted")
    func resumeAborted() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        _ = try await setup.rolledOutTwoOnCanary()
        _ = try await setup.controller.abortRollout(named: "web", by: .token("ops"))
        #expect(setup.value("first") == "one")

        let outcome = try await setup.controller.resumeRollout(named: "web", by: .token("ops"))
        #expect(setup.value("first") == "two", "the resumed step's target is synced again")
        #expect(setup.value("second") == "one", "rest still waits for canary's bake time")
        #expect(outcome.record.state == .paused, "canary is Healthy again and bakes")
        #expect(outcome.reports.map(\.target.id) == ["first@c1"])
        #expect(outcome.reports.first?.sync?.succeeded == true)
    }

    @Test("resume of a halted rollout clears the halt and syncs the halted step's target that differs")
    func resumeHalted() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        _ = try await setup.rolledOutTwoOnCanary()
        // Someone breaks canary; the rollout halts on it.
        setup.cluster.edit(ResourceKey(group: "", kind: "ConfigMap", namespace: "first", name: "cm")) { object in
            guard case .object(var members) = object else { return object }
            members["data"] = .object(["k": "broken"])
            return .object(members)
        }
        var record = try #require(try setup.rollout())
        record.state = .halted
        record.pausedUntil = nil
        record.haltedTarget = "first@c1"
        record.haltReason = "Degraded"
        try setup.store.saveRollout(record)
        await setup.controller.cycle()
        #expect(setup.value("first") == "broken", "a halted step is not written (and no selfHeal)")
        await #expect(throws: RolloutActionError.self) {
            try await setup.controller.abortRollout(named: "nope", by: .token("ops"))
        }

        let outcome = try await setup.controller.resumeRollout(named: "web", by: .token("ops"))
        #expect(setup.value("first") == "two")
        #expect(outcome.record.haltedTarget == nil && outcome.record.haltReason == nil)
        #expect(outcome.record.state == .paused)
        await #expect(
            throws: RolloutActionError.refused(
                "the rollout of web is paused: only a halted or aborted rollout can be resumed")
        ) {
            try await setup.controller.resumeRollout(named: "web", by: .token("ops"))
        }
    }

    @Test("busy: an abort while a target of the rollout is synced, and a sync while the abort runs, are refused")
    func busy() async throws {
        let blocked = (first: Latch(), second: Latch())
        let entered = (first: Latch(), second: Latch())
        let release = (first: Latch(), second: Latch())
        let setup = try await Setup { verb, key in
            guard verb == "apply" else { return }
            if key.namespace == "first", blocked.first.isOpen {
                entered.first.open()
                await release.first.wait()
            } else if key.namespace == "second", blocked.second.isOpen {
                entered.second.open()
                await release.second.wait()
            }
        }
        defer { setup.remove() }
        _ = try await setup.rolledOutTwoOnCanary()
        let controller = setup.controller

        blocked.second.open()
        let sync = Task {
            try await controller.perform(
                .sync(prune: false, dryRun: false), application: "second", cluster: "c1", by: .token("a"))
        }
        try await eventually("the sync asked for writes rest") { entered.second.isOpen }
        await #expect(throws: RolloutActionError.busy(applicationSet: "web", target: "second@c1")) {
            try await controller.abortRollout(named: "web", by: .token("ops"))
        }
        release.second.open()
        #expect(try await sync.value.report.sync?.succeeded == true)
        #expect(try setup.rollout()?.state == .paused, "the refused abort changed nothing")

        blocked.first.open()
        let abort = Task { try await controller.abortRollout(named: "web", by: .token("ops")) }
        try await eventually("the abort writes canary") { entered.first.isOpen }
        await #expect(throws: TargetActionError.busy(application: "second", cluster: "c1")) {
            try await controller.perform(
                .sync(prune: false, dryRun: false), application: "second", cluster: "c1", by: .token("b"))
        }
        await #expect(throws: RolloutActionError.busy(applicationSet: "web", target: "first@c1")) {
            try await controller.abortRollout(named: "web", by: .token("b"))
        }
        release.first.open()
        #expect(try await abort.value.record.state == .aborted)
        #expect(setup.value("first") == "one")
        #expect(await controller.fleetSnapshot().running.isEmpty, "every target is free after the abort")
    }

    @Test(
        "before the first cycle nothing can be done; an ApplicationSet without a rollout is unknown; a first abort moves nothing"
    )
    func refusals() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        await #expect(throws: RolloutActionError.notReady) {
            try await setup.controller.resumeRollout(named: "web", by: .token("ops"))
        }
        try await setup.commit("one")
        await setup.controller.cycle()
        await #expect(throws: RolloutActionError.unknownRollout("other")) {
            try await setup.controller.abortRollout(named: "other", by: .token("ops"))
        }
        // The first rollout ever: no target was healthy at a commit before it, however quickly
        // its canary turned Healthy at the new one.
        await #expect(throws: RolloutActionError.refused(RolloutAbort.Refusal.noHealthyRevision("web").description)) {
            try await setup.controller.abortRollout(named: "web", by: .token("ops"))
        }
    }
}
