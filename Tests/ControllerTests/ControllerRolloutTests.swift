import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Reconcile
import Registry
import Testing

@testable import Controller

/// The gate of `flotilla serve` (issue 18): automated targets of an ApplicationSet with a
/// RollingSync strategy follow their step; the rollout moves on from recorded state.
@Suite("The controller follows rollout steps")
struct ControllerRolloutTests {
    /// Two automated Applications on cluster `c1`, `first` (wave canary) and `second` (wave
    /// rest), each a ConfigMap; the ApplicationSet rolls out canary, then rest.
    struct Setup {
        let folder: TemporaryFolder
        let cluster = MemoryCluster("c1")
        let store = MemoryStore(clusters: [Cluster(name: "c1", server: "https://c1")])
        let observer = RecordingObserver()
        let controller: FleetController

        init(pauseAfter: String = "0s", clock: any Clock<Duration> = ManualClock()) throws {
            let folder = try TemporaryFolder()
            for app in ["first", "second"] { try Self.write(app, value: "one", in: folder) }
            try self.init(
                folder: folder, clock: clock,
                fleet: RolloutFleet.yaml(source: "repoURL: ../apps, path: '<<app>>'", pauseAfter: pauseAfter))
        }

        /// A controller of the fleet file `fleet` (written in `folder`) on cluster `c1`.
        init(folder: TemporaryFolder, clock: any Clock<Duration> = ManualClock(), fleet: String) throws {
            self.folder = folder
            let fleetFile = try folder.write("fleets/fleet.yaml", fleet)
            let cluster = self.cluster
            controller = FleetController(
                source: .paths([fleetFile]), store: store, workDirectory: folder.path, clock: clock,
                random: { 0.5 }, observer: observer
            ) {
                Engine(renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")) { _, _ in cluster }
            }
        }

        static func write(_ app: String, value: String, in folder: TemporaryFolder) throws {
            _ = try folder.write("apps/\(app)/cm.yaml", configMap(value))
        }

        /// The ConfigMap `cm` with `k: value`: each Application's one object.
        static func configMap(_ value: String) -> String {
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {k: \(value)}\n"
        }

        func value(_ app: String) -> String? {
            cluster.object(ResourceKey(group: "", kind: "ConfigMap", namespace: app, name: "cm"))?["data"]?["k"]?
                .stringValue
        }
    }

    @Test("a cycle opens canary, then rest once canary is Synced and Healthy; the rollout completes")
    func stepsOpenInOrder() async throws {
        let setup = try Setup()
        defer { setup.folder.remove() }
        await setup.controller.cycle()
        #expect(setup.value("first") == "one")
        #expect(setup.value("second") == "one")
        let order = setup.store.history.sorted { $0.id ?? 0 < $1.id ?? 0 }.map(\.application)
        #expect(order == ["first", "second"], "rest was synced after canary")
        let second = setup.observer.reconciled.filter { $0.target == "second@c1" }.map(\.synced)
        #expect(second == [false, true], "compared behind the closed step, then synced when it opened")
        #expect(try setup.store.rollout(of: "web")?.state == .completed)
        #expect(setup.observer.problems.isEmpty, "\(setup.observer.problems)")
    }

    @Test("a halted rollout read from the store gates every step from the halt on; reopened, it goes on")
    func haltedGates() async throws {
        let setup = try Setup()
        defer { setup.folder.remove() }
        await setup.controller.cycle()
        var record = try #require(try setup.store.rollout(of: "web"))
        record.state = .halted
        record.step = 0
        record.haltedTarget = "first@c1"
        record.haltReason = "Degraded"
        try setup.store.saveRollout(record)

        for app in ["first", "second"] { try Setup.write(app, value: "two", in: setup.folder) }
        await setup.controller.cycle()
        #expect(setup.value("first") == "one", "the halted step is not written")
        #expect(setup.value("second") == "one", "nor the later one")
        #expect(setup.store.recorded["second@c1"]?.syncStatus == .outOfSync)
        #expect(try setup.store.rollout(of: "web")?.state == .halted, "a halt stays until resumed")

        record.state = .progressing
        try setup.store.saveRollout(record)
        await setup.controller.cycle()
        #expect(setup.value("first") == "two")
        #expect(setup.value("second") == "two")
        #expect(try setup.store.rollout(of: "web")?.state == .completed)
    }

    @Test("a step's bake time ends on a timer of its own: the next step opens without waiting for a cycle")
    func bakeTimeEnds() async throws {
        let setup = try Setup(pauseAfter: "1s", clock: ContinuousClock())
        defer { setup.folder.remove() }
        let controller = setup.controller
        let running = Task { await controller.run() }
        try await eventually("the canary step is baking") {
            (try? setup.store.rollout(of: "web"))??.state == .paused
        }
        #expect(setup.value("second") == nil, "rest waits for canary's bake time")
        try await eventually("the rollout completes after the bake time", within: .seconds(60)) {
            (try? setup.store.rollout(of: "web"))??.state == .completed
        }
        #expect(setup.value("second") == "one")
        #expect(setup.observer.cycles == 1, "no second cycle was needed")
        let synced = setup.store.history.sorted { $0.id ?? 0 < $1.id ?? 0 }
        let gap = try #require(synced.last?.startedAt).timeIntervalSince(try #require(synced.first?.finishedAt))
        #expect(synced.map(\.application) == ["first", "second"])
        #expect(gap >= 0.9, "rest started a bake time after canary finished: \(gap)")
        await controller.stop()
        await running.value
    }

    @Test(
        "two repositories: targets at different commits complete; a commit to the less common one goes canary, then rest"
    )
    func twoRepositories() async throws {
        let (a, b) = (try await GitRepository(), try await GitRepository())
        defer {
            a.folder.remove()
            b.folder.remove()
        }
        let apps = [("first", a), ("second", b), ("third", a), ("fourth", b), ("fifth", a)]
        for (app, repository) in apps { try repository.write("\(app)/cm.yaml", Setup.configMap("one")) }
        let (a1, b1) = (try await a.commit("one"), try await b.commit("one"))
        let waves = ["first": "canary", "second": "canary"]
        let elements = apps.map { app, repository in
            "{app: \(app), wave: \(waves[app] ?? "rest"), repo: '\(repository.path)'}"
        }
        let setup = try Setup(
            folder: try TemporaryFolder(),
            fleet: RolloutFleet.yaml(
                elements: elements.joined(separator: ", "),
                source: "repoURL: '<<repo>>', targetRevision: main, path: '<<app>>'"))
        defer { setup.folder.remove() }

        await setup.controller.cycle()
        for (app, _) in apps { #expect(setup.value(app) == "one", "\(app)") }
        let first = try #require(try setup.store.rollout(of: "web"))
        #expect(first.state == .completed, "second (repository B) is good at its own commit: \(first)")
        #expect(first.revision == nil && first.revision(of: "second@c1") == b1 && first.revision(of: "first@c1") == a1)

        for app in ["second", "fourth"] { try b.write("\(app)/cm.yaml", Setup.configMap("two")) }
        let b2 = try await b.commit("two")
        let synced = setup.store.history.count
        await setup.controller.cycle()
        #expect(setup.value("second") == "two" && setup.value("fourth") == "two")
        #expect(setup.value("first") == "one" && setup.value("third") == "one")
        let order = setup.store.history.sorted { $0.id ?? 0 < $1.id ?? 0 }.dropFirst(synced).map(\.application)
        #expect(order == ["second", "fourth"], "B's canary, then B's rest; A's targets were not synced again")
        let second = try #require(try setup.store.rollout(of: "web"))
        #expect(second.state == .completed && second.startedAt >= first.updatedAt, "a new rollout, completed")
        #expect(second.revision(of: "fourth@c1") == b2 && second.revision(of: "third@c1") == a1)
        #expect(second.lastHealthyRevision(of: "fourth@c1") == b2)
        #expect(setup.observer.problems.isEmpty, "\(setup.observer.problems)")
    }

    /// `first` (canary) and `second` (rest) from `repository`'s `path`, automated with
    /// selfHeal; canary bakes `pauseAfter`.
    static func fleet(of repository: GitRepository, pauseAfter: String, path: String = "<<app>>") -> String {
        RolloutFleet.yaml(
            source: "repoURL: '\(repository.path)', targetRevision: main, path: '\(path)'",
            automated: "{prune: true, selfHeal: true}", pauseAfter: pauseAfter)
    }

    @Test("a target its rollout holds back is healed at the commit it runs; the rollout does not hear of that run")
    func heldBackDriftIsHealed() async throws {
        let repository = try await GitRepository()
        defer { repository.folder.remove() }
        for app in ["first", "second"] { try repository.write("\(app)/cm.yaml", Setup.configMap("one")) }
        let one = try await repository.commit("one")
        let setup = try Setup(folder: try TemporaryFolder(), fleet: Self.fleet(of: repository, pauseAfter: "0s"))
        defer { setup.folder.remove() }
        await setup.controller.cycle()
        #expect(setup.value("second") == "one")

        // A new commit, and canary bakes for an hour: rest is held back at one.
        _ = try setup.folder.write("fleets/fleet.yaml", Self.fleet(of: repository, pauseAfter: "1h"))
        for app in ["first", "second"] { try repository.write("\(app)/cm.yaml", Setup.configMap("two")) }
        let two = try await repository.commit("two")
        await setup.controller.cycle()
        #expect(setup.value("first") == "two")
        #expect(setup.value("second") == "one")
        let baking = try #require(try setup.store.rollout(of: "web"))
        #expect(baking.state == .paused && baking.revision == two)

        setup.cluster.edit(ResourceKey(group: "", kind: "ConfigMap", namespace: "second", name: "cm")) { object in
            guard case .object(var members) = object else { return object }
            members["data"] = .object(["k": "changed by hand"])
            return .object(members)
        }
        let target = try #require(await setup.controller.targets["second@c1"])
        let reports = await setup.controller.reconcile([target], trigger: .heal)
        #expect(reports.first?.sync?.succeeded == true)
        #expect(setup.value("second") == "one", "healed at the commit it runs, not the one its step waits for")
        #expect(setup.store.recorded["second@c1"]?.lastSyncRevision == one)
        #expect(try setup.store.rollout(of: "web") == baking, "the rollout is as it was")
        // Again: a heal's record (compared at the old commit) neither releases it nor starts a rollout.
        for app in ["first", "second"] {
            setup.cluster.edit(ResourceKey(group: "", kind: "ConfigMap", namespace: app, name: "cm")) { object in
                guard case .object(var members) = object else { return object }
                members["data"] = .object(["k": "changed again"])
                return .object(members)
            }
            let target = try #require(await setup.controller.targets["\(app)@c1"])
            await setup.controller.reconcile([target], trigger: .heal)
        }
        #expect(setup.value("second") == "one")
        #expect(setup.value("first") == "two", "the open step's target is healed at the rollout's commit")
        #expect(try setup.store.rollout(of: "web") == baking)
    }

    @Test("a template-only change is a new rollout under serve: only its first step syncs, the others wait")
    func templateChangeIsGated() async throws {
        let repository = try await GitRepository()
        defer { repository.folder.remove() }
        for app in ["first", "second"] {
            try repository.write("\(app)/cm.yaml", Setup.configMap("one"))
            try repository.write("\(app)-v2/cm.yaml", Setup.configMap("three"))
        }
        _ = try await repository.commit("one")
        let setup = try Setup(folder: try TemporaryFolder(), fleet: Self.fleet(of: repository, pauseAfter: "0s"))
        defer { setup.folder.remove() }
        await setup.controller.cycle()
        #expect(setup.value("first") == "one" && setup.value("second") == "one")

        _ = try setup.folder.write(
            "fleets/fleet.yaml", Self.fleet(of: repository, pauseAfter: "1h", path: "<<app>>-v2"))
        await setup.controller.cycle()
        #expect(setup.value("first") == "three", "canary takes the new template")
        #expect(setup.value("second") == "one", "rest waits for canary's bake time, at the same commit")
        #expect(try setup.store.rollout(of: "web")?.state == .paused)
    }
}
