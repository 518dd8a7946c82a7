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

    /// Every target's commit `revision`.
    static func all(_ revision: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (1...9).map { ("web-c\($0)@c\($0)", revision) })
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
                nil, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states, now: Self.start))
        #expect(started.step == 0 && started.state == .progressing && started.lastHealthyRevision == "old")
        #expect(
            RolloutProgression.next(
                started, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states, now: Self.start)
                == nil,
            "nothing moved")

        states.merge(Self.states(1...3, "new", .healthy)) { $1 }
        let second = try #require(
            RolloutProgression.next(
                started, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states, now: Self.start))
        #expect(second.step == 1 && second.state == .progressing)

        states.merge(Self.states(4...9, "new", .healthy)) { $1 }
        let done = try #require(
            RolloutProgression.next(
                second, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states, now: Self.start))
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
                progressing, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states, now: Self.start))
        #expect(halted.state == .halted && halted.haltedTarget == "web-c2@c2")
        #expect(halted.haltReason == "Degraded: exceeded its progress deadline")

        states = Self.states(1...9, "old", .healthy)
        states.merge(Self.states(3...3, "new", .healthy, succeeded: false)) { $1 }
        let failed = try #require(
            RolloutProgression.next(
                progressing, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states, now: Self.start))
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
                Self.record(plan, step: 0, .progressing), applicationSet: "web", plan: plan, seen: Self.all("new"),
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
                Self.record(plan, step: 0, .progressing), applicationSet: "web", plan: plan, seen: Self.all("new"),
                states: states, now: Self.start) == nil, "step 1 waits for web-c3's sync of new")
    }

    @Test("a Healthy step bakes until pausedUntil, then the next step opens")
    func bakes() throws {
        let plan = try Self.plan(pauseAfter: .seconds(60))
        var states = Self.states(1...9, "old", .healthy)
        states.merge(Self.states(1...3, "new", .healthy)) { $1 }
        let paused = try #require(
            RolloutProgression.next(
                Self.record(plan, step: 0, .progressing), applicationSet: "web", plan: plan, seen: Self.all("new"),
                states: states, now: Self.start))
        #expect(paused.state == .paused && paused.pausedUntil == Self.start.addingTimeInterval(60))
        #expect(
            RolloutProgression.next(
                paused, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states,
                now: Self.start.addingTimeInterval(59)) == nil)
        let opened = try #require(
            RolloutProgression.next(
                paused, applicationSet: "web", plan: plan, seen: Self.all("new"), states: states,
                now: Self.start.addingTimeInterval(60)))
        #expect(opened.step == 1 && opened.state == .progressing && opened.pausedUntil == nil)
    }

    // MARK: Targets at different commits (two repositories)

    /// Each target's commit when targets 3, 6 and 9 (one per step) come from repository B at
    /// `b` and the others from repository A at `a1`: A is the most common.
    static func twoRepositories(b: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (1...9).map { ("web-c\($0)@c\($0)", $0 % 3 == 0 ? b : "a1") })
    }

    /// Targets `numbers` as their last sync left them: at `synced` (by target), Synced when
    /// their comparison saw the same commit in `compared`, `health`.
    static func states(
        _ numbers: [Int], synced: [String: String], compared: [String: String], _ health: HealthStatus = .healthy
    ) -> [String: TargetState] {
        Dictionary(
            uniqueKeysWithValues: numbers.map { number in
                let id = "web-c\(number)@c\(number)"
                return (
                    id,
                    TargetState(
                        application: "web-c\(number)", cluster: "c\(number)", applicationSet: "web",
                        syncStatus: synced[id] == compared[id] ? .synced : .outOfSync, health: health,
                        healthMessage: "", revision: compared[id], message: "", reconciledAt: start, lastSyncAt: start,
                        lastSyncSucceeded: true, lastSyncRevision: synced[id])
                )
            })
    }

    @Test("two repositories: targets Synced and Healthy each at its own commit complete the rollout (serve was stuck)")
    func eachTargetAtItsOwnCommit() throws {
        let plan = try Self.plan()
        let commits = Self.twoRepositories(b: "b1")
        let states = Self.states(Array(1...9), synced: commits, compared: commits)
        let record = try #require(
            RolloutProgression.next(
                nil, applicationSet: "web", plan: plan, seen: commits, states: states, now: Self.start))
        #expect(record.state == .completed, "web-c3@c3 at b1 is good although most targets are at a1")
        #expect(record.revision == nil && record.revisions == commits)
        #expect(record.lastHealthyRevisions == commits && record.lastHealthyRevision == nil)
        #expect(record.revision(of: "web-c3@c3") == "b1" && record.revision(of: "web-c1@c1") == "a1")
        for number in [3, 6, 9] {
            #expect(
                RolloutProgression.opens(
                    "web-c\(number)@c\(number)", plan: plan, record: record, revision: "b1"),
                "a target of B at its own commit is not a new rollout")
        }
    }

    @Test("two repositories: a commit to B opens step by step; A's targets are good at once")
    func commitToTheLessCommonRepository() throws {
        let plan = try Self.plan()
        let before = Self.twoRepositories(b: "b1")
        let completed = try #require(
            RolloutProgression.next(
                nil, applicationSet: "web", plan: plan, seen: before,
                states: Self.states(Array(1...9), synced: before, compared: before), now: Self.start))
        let after = Self.twoRepositories(b: "b2")
        var states = Self.states(Array(1...9), synced: before, compared: after)
        let started = try #require(
            RolloutProgression.next(
                completed, applicationSet: "web", plan: plan, seen: after, states: states, now: Self.start),
            "a new commit of the less common repository is a new rollout")
        #expect(started.state == .progressing && started.step == 0)
        #expect(started.revisions == after && started.revision == nil)
        #expect(started.lastHealthyRevision(of: "web-c3@c3") == "b1", "B's targets go back to b1")
        #expect(started.lastHealthyRevision(of: "web-c1@c1") == "a1", "A's targets stay at a1")
        let gates = [3, 6, 9].map {
            RolloutProgression.opens("web-c\($0)@c\($0)", plan: plan, record: started, revision: "b2")
        }
        #expect(gates == [true, false, false], "b2 opens canary only")

        for (number, step) in [(3, 1), (6, 2)] {
            states.merge(Self.states([number], synced: after, compared: after)) { $1 }
            let moved = try #require(
                RolloutProgression.next(
                    started, applicationSet: "web", plan: plan, seen: after, states: states, now: Self.start))
            #expect(moved.step == step && moved.state == .progressing, "A's targets of the step did not need b2")
            #expect(
                RolloutProgression.opens("web-c9@c9", plan: plan, record: moved, revision: "b2") == (step == 2))
        }
        states.merge(Self.states([9], synced: after, compared: after)) { $1 }
        let done = try #require(
            RolloutProgression.next(
                started, applicationSet: "web", plan: plan, seen: after, states: states, now: Self.start))
        #expect(done.state == .completed && done.lastHealthyRevisions == after)
    }

    @Test("a run that saw some targets updates only their commits; one that saw no change changes nothing")
    func partialRuns() throws {
        let plan = try Self.plan()
        let commits = Self.twoRepositories(b: "b1")
        let states = Self.states(Array(1...9), synced: commits, compared: commits)
        let completed = try #require(
            RolloutProgression.next(
                nil, applicationSet: "web", plan: plan, seen: commits, states: states, now: Self.start))
        #expect(
            RolloutProgression.next(
                completed, applicationSet: "web", plan: plan, seen: ["web-c1@c1": "a1"], states: states,
                now: Self.start) == nil, "a heal of an A target at a1 is the same rollout")
        let healed = try #require(
            RolloutProgression.next(
                completed, applicationSet: "web", plan: plan, seen: ["web-c6@c6": "b2"], states: states,
                now: Self.start))
        var expected = commits
        expected["web-c6@c6"] = "b2"
        #expect(healed.revisions == expected, "only web-c6's commit moved")
        #expect(healed.state == .progressing && healed.step == 1, "canary is good as it is; web-c6's step waits for b2")
    }

    @Test("plain folders and one repository keep a single revision")
    func singleRevision() throws {
        let plan = try Self.plan()
        let states = Self.states(1...9, "new", .healthy)
        let one = Dictionary(uniqueKeysWithValues: plan.targets.map { ($0.id, "new") })
        let record = try #require(
            RolloutProgression.next(nil, applicationSet: "web", plan: plan, seen: one, states: states, now: Self.start))
        #expect(record.revision == "new" && record.state == .completed)
        let plain = states.mapValues { state in
            var plain = state
            plain.revision = nil
            plain.lastSyncRevision = nil
            return plain
        }
        let folders = try #require(
            RolloutProgression.next(nil, applicationSet: "web", plan: plan, seen: [:], states: plain, now: Self.start))
        #expect(folders.state == .completed)
        #expect(folders.revision == nil && folders.revisions.isEmpty && folders.revisionCount == 0)
    }
}
