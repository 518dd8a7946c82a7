import Engine
import FleetModel
import Foundation
import Registry
import Testing

@Suite("A rollout under serve (pure): which steps are open, where recorded states move it")
struct RolloutProgressionTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func plan(pauseAfter: Duration = .zero) throws -> RolloutPlan {
        RolloutPlan(
            RolloutStrategy(steps: [
                RolloutStep(selector: RolloutFakes.wave("canary"), pauseAfter: pauseAfter),
                RolloutStep(selector: RolloutFakes.wave("early")), RolloutStep(selector: RolloutFakes.wave("rest")),
            ]), targets: try RolloutFakes.waves())
    }

    static func record(_ plan: RolloutPlan, step: Int, _ state: RolloutRecord.State) -> RolloutRecord {
        RolloutRecord(
            applicationSet: "web", revision: "new", digest: plan.digest, lastHealthyRevision: "old", step: step,
            stepCount: plan.steps.count, state: state, startedAt: start, updatedAt: start)
    }

    /// Targets `numbers` at revision `revision`, `health`, their last sync as `succeeded` says.
    static func states(
        _ numbers: ClosedRange<Int>, _ revision: String, _ health: HealthStatus, succeeded: Bool = true
    ) -> [String: TargetState] {
        Dictionary(
            uniqueKeysWithValues: numbers.map { number in
                (
                    "web-c\(number)@c\(number)",
                    TargetState(
                        application: "web-c\(number)", cluster: "c\(number)", applicationSet: "web",
                        syncStatus: revision == "new" ? .synced : .outOfSync, health: health,
                        healthMessage: health == .degraded ? "exceeded its progress deadline" : "", revision: "new",
                        message: succeeded ? "" : "admission denied", reconciledAt: start, lastSyncAt: start,
                        lastSyncSucceeded: succeeded, lastSyncRevision: revision)
                )
            })
    }

    @Test(
        "open steps: a new revision opens step 1 only; completed all; progressing up to its step; halted before it; aborted none",
        arguments: [
            (RolloutRecord.State?.none, 0, "new", [true, false, false]),
            (.completed, 2, "new", [true, true, true]), (.completed, 2, "newer", [true, false, false]),
            (.progressing, 1, "new", [true, true, false]), (.paused, 1, "new", [true, true, false]),
            (.halted, 1, "new", [true, false, false]), (.aborted, 1, "new", [false, false, false]),
        ])
    func opens(state: RolloutRecord.State?, step: Int, revision: String, open: [Bool]) throws {
        let plan = try Self.plan()
        let record = state.map { Self.record(plan, step: step, $0) }
        let answers = ["web-c1@c1", "web-c4@c4", "web-c7@c7"].map {
            RolloutProgression.opens($0, plan: plan, record: record, revision: revision)
        }
        #expect(answers == open)
    }

    @Test("a new revision starts at step 1, carrying the healthy revision; a Healthy step opens the next")
    func moves() throws {
        let plan = try Self.plan()
        var states = Self.states(1...9, "old", .healthy)
        let started = try #require(
            RolloutProgression.next(
                nil, applicationSet: "web", plan: plan, revision: "new", states: states, now: Self.start))
        #expect(started.step == 0 && started.state == .progressing && started.lastHealthyRevision == "old")
        #expect(
            RolloutProgression.next(
                started, applicationSet: "web", plan: plan, revision: "new", states: states, now: Self.start) == nil,
            "nothing moved")

        states.merge(Self.states(1...3, "new", .healthy)) { $1 }
        let second = try #require(
            RolloutProgression.next(
                started, applicationSet: "web", plan: plan, revision: "new", states: states, now: Self.start))
        #expect(second.step == 1 && second.state == .progressing)

        states.merge(Self.states(4...9, "new", .healthy)) { $1 }
        let done = try #require(
            RolloutProgression.next(
                second, applicationSet: "web", plan: plan, revision: "new", states: states, now: Self.start))
        #expect(done.state == .completed && done.lastHealthyRevision == "new")
    }

    @Test("Degraded or a failed sync of the revision halts, naming the target and why")
    func halts() throws {
        let plan = try Self.plan()
        let progressing = Self.record(plan, step: 0, .progressing)
        var states = Self.states(1...9, "old", .healthy)
        states.merge(Self.states(2...2, "new", .degraded)) { $1 }
        let halted = try #require(
            RolloutProgression.next(
                progressing, applicationSet: "web", plan: plan, revision: "new", states: states, now: Self.start))
        #expect(halted.state == .halted && halted.haltedTarget == "web-c2@c2")
        #expect(halted.haltReason == "Degraded: exceeded its progress deadline")

        states = Self.states(1...9, "old", .healthy)
        states.merge(Self.states(3...3, "new", .healthy, succeeded: false)) { $1 }
        let failed = try #require(
            RolloutProgression.next(
                progressing, applicationSet: "web", plan: plan, revision: "new", states: states, now: Self.start))
        #expect(failed.haltReason == "sync failed: admission denied")
    }

    @Test(
        "after its sync of the revision, a target fails by the sync command's rules: Suspended, Missing, still OutOfSync",
        arguments: [
            (SyncStatus.synced, HealthStatus.suspended, "Suspended"), (.synced, .missing, "Missing"),
            (.outOfSync, .healthy, "OutOfSync after its sync"), (.synced, .degraded, "Degraded"),
        ])
    func haltsLikeTheSyncCommand(sync: SyncStatus, health: HealthStatus, reason: String) throws {
        let plan = try Self.plan()
        var states = Self.states(1...9, "old", .healthy)
        states.merge(Self.states(1...3, "new", .healthy)) { $1 }
        states["web-c2@c2"]?.syncStatus = sync
        states["web-c2@c2"]?.health = health
        states["web-c2@c2"]?.healthMessage = ""
        let halted = try #require(
            RolloutProgression.next(
                Self.record(plan, step: 0, .progressing), applicationSet: "web", plan: plan, revision: "new",
                states: states, now: Self.start))
        #expect(halted.state == .halted && halted.haltedTarget == "web-c2@c2")
        #expect(halted.haltReason == reason)
    }

    @Test("a target not yet synced at the revision waits for its sync, whatever its state before")
    func waitsForTheSync() throws {
        let plan = try Self.plan()
        var states = Self.states(1...9, "old", .healthy)
        states.merge(Self.states(1...2, "new", .healthy)) { $1 }
        states.merge(Self.states(3...3, "old", .degraded)) { $1 }
        #expect(
            RolloutProgression.next(
                Self.record(plan, step: 0, .progressing), applicationSet: "web", plan: plan, revision: "new",
                states: states, now: Self.start) == nil, "step 1 waits for web-c3's sync of new")
    }

    @Test("a Healthy step bakes until pausedUntil, then the next step opens")
    func bakes() throws {
        let plan = try Self.plan(pauseAfter: .seconds(60))
        var states = Self.states(1...9, "old", .healthy)
        states.merge(Self.states(1...3, "new", .healthy)) { $1 }
        let paused = try #require(
            RolloutProgression.next(
                Self.record(plan, step: 0, .progressing), applicationSet: "web", plan: plan, revision: "new",
                states: states, now: Self.start))
        #expect(paused.state == .paused && paused.pausedUntil == Self.start.addingTimeInterval(60))
        #expect(
            RolloutProgression.next(
                paused, applicationSet: "web", plan: plan, revision: "new", states: states,
                now: Self.start.addingTimeInterval(59)) == nil)
        let opened = try #require(
            RolloutProgression.next(
                paused, applicationSet: "web", plan: plan, revision: "new", states: states,
                now: Self.start.addingTimeInterval(60)))
        #expect(opened.step == 1 && opened.state == .progressing && opened.pausedUntil == nil)
    }
}
