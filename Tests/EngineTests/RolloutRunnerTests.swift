import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Registry
import Synchronization
import Testing

@testable import Engine

@Suite("The rollout runner: step by step, halting on failure, baking on an injected clock")
struct RolloutRunnerTests {
    static let threeWaves = RolloutStrategy(steps: [
        RolloutStep(selector: RolloutFakes.wave("canary")), RolloutStep(selector: RolloutFakes.wave("early")),
        RolloutStep(selector: RolloutFakes.wave("rest")),
    ])

    static func runner(
        _ strategy: RolloutStrategy = threeWaves, driver: ScriptedDriver, store: MemoryStore,
        clock: ManualClock = ManualClock()
    ) throws -> RolloutRunner {
        RolloutRunner(
            applicationSet: "web", plan: RolloutPlan(strategy, targets: try RolloutFakes.waves()), driver: driver,
            store: store, clock: clock, now: { Date(timeIntervalSince1970: 1_000_000) }, settleTimeout: .seconds(60),
            pollInterval: .seconds(5))
    }

    static func store(_ states: [TargetState] = []) -> MemoryStore {
        MemoryStore(clusters: (1...9).map { Cluster(name: "c\($0)", server: "https://c\($0)") }, targets: states)
    }

    @Test("a good revision reaches canary, then early, then rest, and the rollout completes")
    func stepsInOrder() async throws {
        let driver = ScriptedDriver()
        let store = Self.store()
        let events = Mutex<[String]>([])
        let outcome = try await Self.runner(driver: driver, store: store).run { event in
            events.withLock { $0.append(Self.name(event)) }
        }
        #expect(
            driver.log == [
                "compare " + (1...9).map { "web-c\($0)@c\($0)" }.joined(separator: ","),
                "sync web-c1@c1,web-c2@c2,web-c3@c3", "sync web-c4@c4,web-c5@c5,web-c6@c6",
                "sync web-c7@c7,web-c8@c8,web-c9@c9",
            ])
        #expect(outcome.record.state == .completed)
        #expect(outcome.gated.isEmpty)
        let allGood = outcome.reports.allSatisfy(\.isGood)
        #expect(allGood && outcome.reports.count == 9)
        #expect(try store.rollout(of: "web")?.state == .completed)
        #expect(
            events.withLock { $0 } == [
                "started 0 (3)", "healthy 0", "started 1 (3)", "healthy 1", "started 2 (3)", "healthy 2", "completed",
            ])
    }

    @Test("a Degraded canary halts the rollout: later steps are not synced, the record names the target")
    func haltOnDegraded() async throws {
        var script = ScriptedDriver.Script()
        script.outcome["web-c2@c2"] = (.synced, .degraded, "")
        let driver = ScriptedDriver(script)
        let store = Self.store()
        let outcome = try await Self.runner(driver: driver, store: store).run()
        #expect(driver.synced == ["web-c1@c1", "web-c2@c2", "web-c3@c3"])
        #expect(outcome.record.state == .halted)
        #expect(outcome.record.step == 0)
        #expect(outcome.record.haltedTarget == "web-c2@c2")
        #expect(outcome.record.haltReason?.hasPrefix("Degraded") == true)
        #expect(outcome.gated == Set((4...9).map { "web-c\($0)@c\($0)" }))
        #expect(try store.rollout(of: "web") == outcome.record)
    }

    @Test("a halt within a step holds back the step's later batches too")
    func haltWithinStep() async throws {
        var script = ScriptedDriver.Script()
        script.outcome["web-c1@c1"] = (.synced, .degraded, "")
        var strategy = Self.threeWaves
        strategy.steps[0].maxUpdate = .count(1)
        let driver = ScriptedDriver(script)
        let outcome = try await Self.runner(strategy, driver: driver, store: Self.store()).run()
        #expect(driver.synced == ["web-c1@c1"])
        #expect(outcome.gated == Set((2...9).map { "web-c\($0)@c\($0)" }))
    }

    @Test("a failed sync halts the rollout with the sync's error")
    func haltOnFailure() async throws {
        var script = ScriptedDriver.Script()
        script.outcome["web-c5@c5"] = (.outOfSync, .healthy, "Deployment/web/web: admission denied")
        let driver = ScriptedDriver(script)
        let outcome = try await Self.runner(driver: driver, store: Self.store()).run()
        #expect(driver.synced.count == 6, "canary and early synced, rest kept")
        #expect(outcome.record.step == 1)
        #expect(outcome.record.haltReason == "sync failed: Deployment/web/web: admission denied")
    }

    @Test("maxUnavailable lets that many of a step fail without halting")
    func maxUnavailable() async throws {
        var script = ScriptedDriver.Script()
        script.outcome["web-c1@c1"] = (.synced, .degraded, "")
        var strategy = Self.threeWaves
        strategy.steps[0].maxUnavailable = .count(1)
        let outcome = try await Self.runner(strategy, driver: ScriptedDriver(script), store: Self.store()).run()
        #expect(outcome.record.state == .completed)

        script.outcome["web-c2@c2"] = (.synced, .degraded, "")
        let halted = try await Self.runner(strategy, driver: ScriptedDriver(script), store: Self.store()).run()
        #expect(halted.record.state == .halted)
        #expect(halted.record.haltedTarget == "web-c1@c1")
    }

    @Test("maxUpdate 1 syncs a step's targets one at a time")
    func oneAtATime() async throws {
        let running = Mutex<(now: Int, most: Int)>((0, 0))
        let driver = ScriptedDriver { targets in
            running.withLock {
                $0.now += targets.count
                $0.most = max($0.most, $0.now)
            }
            await Task.yield()
            running.withLock { $0.now -= targets.count }
        }
        var strategy = Self.threeWaves
        strategy.steps[0].maxUpdate = .count(1)
        _ = try await Self.runner(strategy, driver: driver, store: Self.store()).run()
        #expect(Array(driver.log.dropFirst().prefix(3)) == ["sync web-c1@c1", "sync web-c2@c2", "sync web-c3@c3"])
        #expect(driver.log[4] == "sync web-c4@c4,web-c5@c5,web-c6@c6")
        #expect(running.withLock { $0.most } == 3, "three at once only in the later steps")
    }

    @Test("targets already Synced and Healthy pass through without a sync")
    func passThrough() async throws {
        var script = ScriptedDriver.Script()
        script.inSync = Set((1...6).map { "web-c\($0)@c\($0)" })
        let driver = ScriptedDriver(script)
        let outcome = try await Self.runner(driver: driver, store: Self.store()).run()
        #expect(driver.synced == ["web-c7@c7", "web-c8@c8", "web-c9@c9"])
        #expect(outcome.record.state == .completed)
    }

    @Test("pauseAfter bakes on the clock: the next step opens only when the time has passed")
    func bakeTime() async throws {
        var strategy = Self.threeWaves
        strategy.steps[0].pauseAfter = .seconds(600)
        let clock = ManualClock()
        let driver = ScriptedDriver()
        let store = Self.store()
        let runner = try Self.runner(strategy, driver: driver, store: store, clock: clock)
        let run = Task { try await runner.run() }
        try await eventually("the runner sleeps on its bake time") { clock.sleepers == 1 }
        #expect(try store.rollout(of: "web")?.state == .paused)
        #expect(try store.rollout(of: "web")?.pausedUntil == Date(timeIntervalSince1970: 1_000_600))
        #expect(driver.synced.count == 3, "early waits for canary's bake time")
        clock.advance(by: .seconds(599))
        #expect(clock.sleepers == 1)
        #expect(driver.synced.count == 3)
        clock.advance(by: .seconds(1))
        let outcome = try await run.value
        #expect(outcome.record.state == .completed)
        #expect(driver.synced.count == 9)
    }

    @Test("a Progressing target is compared again until Healthy; one that stays so halts after the settle timeout")
    func settling() async throws {
        var script = ScriptedDriver.Script()
        script.outcome["web-c1@c1"] = (.synced, .progressing, "")
        script.afterwards["web-c1@c1"] = [(.outOfSync, .healthy), (.synced, .progressing), (.synced, .healthy)]
        script.outcome["web-c4@c4"] = (.synced, .progressing, "")
        let clock = ManualClock()
        let driver = ScriptedDriver(script)
        let runner = try Self.runner(driver: driver, store: Self.store(), clock: clock)
        let run = Task { try await runner.run() }
        let ticker = Task {
            while !Task.isCancelled {
                if clock.sleepers > 0 { clock.advance(by: .seconds(5)) }
                await Task.yield()
            }
        }
        defer { ticker.cancel() }
        let outcome = try await run.value
        #expect(driver.log.filter { $0 == "compare web-c1@c1" }.count == 2)
        #expect(outcome.record.state == .halted)
        #expect(outcome.record.haltedTarget == "web-c4@c4")
        #expect(outcome.record.haltReason?.hasPrefix("sync failed: still Progressing after 60s") == true)
    }

    @Test("a halted rollout of the same revision stays halted until resumed, then goes on from its step")
    func resume() async throws {
        var script = ScriptedDriver.Script()
        script.outcome["web-c4@c4"] = (.synced, .degraded, "")
        let store = Self.store()
        _ = try await Self.runner(driver: ScriptedDriver(script), store: store).run()
        #expect(try store.rollout(of: "web")?.step == 1)

        let again = ScriptedDriver(script)
        let stopped = try await Self.runner(driver: again, store: store).run()
        #expect(again.synced.isEmpty, "the same revision is not synced again without resume")
        #expect(stopped.record.state == .halted)

        var fixed = ScriptedDriver.Script()
        fixed.inSync = Set((1...3).map { "web-c\($0)@c\($0)" })
        let resumed = ScriptedDriver(fixed)
        let outcome = try await Self.runner(driver: resumed, store: store).run(resume: true)
        #expect(resumed.synced == (4...9).map { "web-c\($0)@c\($0)" }, "from the halted step on")
        #expect(outcome.record.state == .completed)
        #expect(outcome.record.haltReason == nil)
    }

    @Test("comparisons that found no revision (clusters down) keep the recorded rollout instead of starting one")
    func unknownRevisionKeepsRecord() async throws {
        let store = Self.store()
        let plan = RolloutPlan(Self.threeWaves, targets: try RolloutFakes.waves())
        let at = Date(timeIntervalSince1970: 1_000_000)
        try store.saveRollout(
            RolloutRecord(
                applicationSet: "web", revision: "abc", digest: plan.digest, lastHealthyRevision: "old", step: 1,
                stepCount: 3, state: .halted, haltedTarget: "web-c4@c4", haltReason: "Degraded", startedAt: at,
                updatedAt: at))
        let driver = ScriptedDriver()
        let outcome = try await Self.runner(driver: driver, store: store).run()
        #expect(driver.synced.isEmpty)
        #expect(outcome.record.state == .halted && outcome.record.revision == "abc")
    }

    /// Canary, then early and rest at once: two steps over the same targets and documents.
    static let twoWaves = RolloutStrategy(steps: [
        RolloutStep(selector: RolloutFakes.wave("canary")),
        RolloutStep(
            selector: LabelSelector(requirements: [
                LabelRequirement(key: "wave", operator: .in, values: ["early", "rest"])
            ])),
    ])

    /// A store whose rollout of `web` (commit abc) stands at step 3 of 3 of `plan`.
    static func store(progressingAtThirdStepOf plan: RolloutPlan) throws -> MemoryStore {
        let store = Self.store()
        let at = Date(timeIntervalSince1970: 1_000_000)
        try store.saveRollout(
            RolloutRecord(
                applicationSet: "web", revision: "abc", digest: plan.digest, lastHealthyRevision: "old", step: 2,
                stepCount: 3, state: .progressing, startedAt: at, updatedAt: at))
        return store
    }

    @Test("a strategy edit to fewer steps, same targets and documents: a new rollout of the new plan, no trap")
    func fewerStepsAfterAnEdit() async throws {
        let before = RolloutPlan(Self.threeWaves, targets: try RolloutFakes.waves())
        let store = try Self.store(progressingAtThirdStepOf: before)
        let driver = ScriptedDriver()
        let outcome = try await Self.runner(Self.twoWaves, driver: driver, store: store).run()
        #expect(outcome.record.state == .completed && outcome.record.stepCount == 2)
        #expect(outcome.record.digest != before.digest)
        #expect(driver.synced == (1...9).map { "web-c\($0)@c\($0)" }, "from the new plan's first step")
    }

    @Test("a recorded step beyond the plan (same digest) goes on from the plan's last step")
    func recordedStepClamped() async throws {
        let store = try Self.store(
            progressingAtThirdStepOf: RolloutPlan(Self.twoWaves, targets: try RolloutFakes.waves()))
        let driver = ScriptedDriver()
        let outcome = try await Self.runner(Self.twoWaves, driver: driver, store: store).run()
        #expect(outcome.record.state == .completed && outcome.record.step == 1)
        #expect(driver.synced == (4...9).map { "web-c\($0)@c\($0)" }, "the last step only")
    }

    @Test("a new rollout remembers the revision every target last synced healthy, and completing sets it")
    func lastHealthyRevision() async throws {
        let states = (1...9).map { number in
            TargetState(
                application: "web-c\(number)", cluster: "c\(number)", applicationSet: "web", syncStatus: .synced,
                health: .healthy, healthMessage: "", revision: "old", message: "", reconciledAt: Date(),
                lastSyncAt: Date(), lastSyncSucceeded: true, lastSyncRevision: "old")
        }
        var script = ScriptedDriver.Script()
        script.outcome["web-c1@c1"] = (.synced, .degraded, "")
        let store = Self.store(states)
        let outcome = try await Self.runner(driver: ScriptedDriver(script), store: store).run()
        #expect(outcome.record.lastHealthyRevision == "old")

        let plan = RolloutPlan(Self.threeWaves, targets: try RolloutFakes.waves())
        try store.record(
            [1, 2].map { number in
                TargetUpdate(application: "web-c\(number)", cluster: "c\(number)") { _ in
                    let state = TargetState(
                        application: "web-c\(number)", cluster: "c\(number)", applicationSet: "web",
                        syncStatus: .synced, health: .degraded, healthMessage: "", revision: "new", message: "",
                        reconciledAt: Date(), lastSyncAt: Date(), lastSyncSucceeded: true, lastSyncRevision: "new")
                    return (state, nil)
                }
            })
        let abort = try RolloutAbort("web", plan: plan, store: store)
        #expect(abort.revision == "old")
        #expect(abort.targets.map(\.id) == ["web-c1@c1", "web-c2@c2"], "only the reached targets not at old")
    }

    /// Targets 3, 6 and 9 come from repository B, the others from repository A.
    static func repository(of id: String) -> String {
        ["web-c3@c3", "web-c6@c6", "web-c9@c9"].contains(id) ? "B" : "A"
    }

    /// The recorded state of target `number`: its last sync at `synced`, Synced and Healthy when `healthy`.
    static func state(_ number: Int, synced: String, healthy: Bool = true) -> TargetState {
        TargetState(
            application: "web-c\(number)", cluster: "c\(number)", applicationSet: "web",
            syncStatus: .synced, health: healthy ? .healthy : .degraded, healthMessage: "", revision: synced,
            message: "", reconciledAt: Date(), lastSyncAt: Date(), lastSyncSucceeded: true, lastSyncRevision: synced)
    }

    @Test("two repositories: a commit to B syncs only B's targets; a halt on it, and abort sends each back to its own")
    func perTargetRevisions() async throws {
        let ids = (1...9).map { "web-c\($0)@c\($0)" }
        let before = Dictionary(uniqueKeysWithValues: ids.map { ($0, Self.repository(of: $0) == "B" ? "b1" : "a1") })
        let after = before.mapValues { $0 == "b1" ? "b2" : $0 }
        let store = Self.store((1...9).map { Self.state($0, synced: before["web-c\($0)@c\($0)"] ?? "") })
        let plan = RolloutPlan(Self.threeWaves, targets: try RolloutFakes.waves())
        let at = Date(timeIntervalSince1970: 1_000_000)
        try store.saveRollout(
            RolloutRecord(
                applicationSet: "web", revision: nil, revisions: before, digest: plan.digest,
                lastHealthyRevision: nil, lastHealthyRevisions: before, step: 2, stepCount: 3, state: .completed,
                startedAt: at, updatedAt: at))

        var script = ScriptedDriver.Script()
        script.revisions = after
        script.inSync = Set(ids.filter { Self.repository(of: $0) == "A" })
        script.outcome["web-c3@c3"] = (.synced, .degraded, "")
        let driver = ScriptedDriver(script)
        let outcome = try await Self.runner(driver: driver, store: store).run()
        #expect(driver.synced == ["web-c3@c3"], "A's canary targets are good as they are; B's canary is synced")
        #expect(outcome.record.state == .halted && outcome.record.haltedTarget == "web-c3@c3")
        #expect(outcome.record.revisions == after && outcome.record.revision == nil, "a new rollout of b2")
        #expect(outcome.record.lastHealthyRevisions == before)

        // web-c3 now runs b2 (Degraded); web-c2's last sync, by hand, left it at a2.
        try store.record(
            [(3, "b2", false), (2, "a2", true)].map { number, revision, healthy in
                TargetUpdate(application: "web-c\(number)", cluster: "c\(number)") { _ in
                    (Self.state(number, synced: revision, healthy: healthy), nil)
                }
            })
        let abort = try RolloutAbort("web", plan: plan, store: store)
        #expect(
            abort.targets.map(\.id) == ["web-c2@c2", "web-c3@c3"], "the canary targets not at their healthy commit")
        #expect(abort.revisions == ["web-c2@c2": "a1", "web-c3@c3": "b1"], "each back to its own repository's commit")
        #expect(abort.revision == "2 revisions")
        #expect(abort.withoutHealthyRevision.isEmpty)

        // A target with no healthy commit on record is named, not sent to another target's commit.
        var record = try #require(try store.rollout(of: "web"))
        record.lastHealthyRevisions["web-c3@c3"] = nil
        try store.saveRollout(record)
        let partial = try RolloutAbort("web", plan: plan, store: store)
        #expect(partial.targets.map(\.id) == ["web-c2@c2"] && partial.revision == "a1")
        #expect(partial.withoutHealthyRevision.map(\.id) == ["web-c3@c3"])
    }

    static func name(_ event: RolloutEvent) -> String {
        switch event {
        case .stepStarted(let index, _, let toSync): "started \(index) (\(toSync))"
        case .stepHealthy(let index): "healthy \(index)"
        case .baking(let index, _): "baking \(index)"
        case .stopped(let record): "stopped \(record.state.rawValue)"
        case .completed: "completed"
        }
    }
}
