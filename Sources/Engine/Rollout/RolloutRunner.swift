import Foundation
import Registry

/// Runs one ApplicationSet's rollout to the end or to a halt: every target is compared first
/// (what needs no change passes through), then step by step the targets that differ are
/// synced, at most `maxUpdate` at once; a step is done when its targets are Synced and Healthy
/// (those still Progressing are compared again until `settleTimeout`); a failure or a
/// Degraded target beyond `maxUnavailable` halts the rollout, so later steps keep the old
/// revision. After a Healthy step comes its bake time (`pauseAfter`, on the injected clock).
/// Where it stands is recorded in the store after every change, so that `rollout status`
/// and a restarted controller see it.
public struct RolloutRunner: Sendable {
    /// The ApplicationSet.
    public let applicationSet: String
    /// Its steps.
    public let plan: RolloutPlan
    let driver: any RolloutDriver
    let store: any RolloutStore
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    /// How long a synced target may stay Progressing before the rollout halts on it.
    public var settleTimeout: Duration
    /// How often a Progressing target is compared again.
    public var pollInterval: Duration

    /// A runner of `plan` for `applicationSet`, through `driver`, recording in `store`.
    public init(
        applicationSet: String, plan: RolloutPlan, driver: any RolloutDriver, store: any RolloutStore,
        clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() },
        settleTimeout: Duration = .seconds(300), pollInterval: Duration = .seconds(2)
    ) {
        self.applicationSet = applicationSet
        self.plan = plan
        self.driver = driver
        self.store = store
        self.clock = clock
        self.now = now
        self.settleTimeout = settleTimeout
        self.pollInterval = pollInterval
    }

    /// What a run ended with.
    public struct Outcome: Sendable {
        /// The rollout as recorded at the end.
        public var record: RolloutRecord
        /// The last report of every target, in plan order.
        public var reports: [TargetReport]
        /// The targets the rollout held back (their step did not open, or it halted before
        /// their batch): they keep what they run.
        public var gated: Set<String>
    }

    /// Runs the rollout: a new one when a target's commit in Git or the generated Applications changed,
    /// else the recorded one goes on from its step — unless it halted or was aborted, which
    /// only `resume` (re-running from the halted step) continues.
    public func run(
        resume: Bool = false, onEvent: @Sendable (RolloutEvent) -> Void = { _ in }
    ) async throws
        -> Outcome
    {
        let compared = await driver.compare(plan.targets)
        var latest = Dictionary(compared.map { ($0.target.id, $0) }) { first, _ in first }
        var record = try start(seen: Self.revisions(of: compared), resume: resume)
        var touched: Set<String> = []
        let outcome = { (record: RolloutRecord, latest: [String: TargetReport], touched: Set<String>) in
            // Held back: what the rollout did not reach this run (from its step on) and that differs.
            let unreached = plan.steps.dropFirst(record.state == .completed ? plan.steps.count : record.step)
                .flatMap(\.targets).filter { !touched.contains($0.id) && !(latest[$0.id]?.isGood ?? false) }
            return Outcome(
                record: record, reports: plan.targets.compactMap { latest[$0.id] }, gated: Set(unreached.map(\.id)))
        }
        if record.state == .halted || record.state == .aborted {
            onEvent(.stopped(record))
            return outcome(record, latest, touched)
        }
        // A recorded step beyond the plan (fewer steps than it was saved with) goes on from the last.
        for index in min(record.step, max(plan.steps.count - 1, 0))..<plan.steps.count {
            let step = plan.steps[index]
            record = try save(record, step: index, state: .progressing)
            let pending = step.targets.filter { latest[$0.id].map { !$0.isGood } ?? true }
            onEvent(.stepStarted(index, step, toSync: pending.count))
            var failures: [(target: String, why: String)] = []
            for batch in step.batches(of: pending) {
                touched.formUnion(batch.map(\.id))
                for report in try await syncAndSettle(batch) {
                    latest[report.target.id] = report
                    if case .failed(let why) = RolloutVerdict(report) { failures.append((report.target.id, why)) }
                }
                if failures.count > step.maxUnavailable {
                    record.haltedTarget = failures[0].target
                    record.haltReason = failures[0].why
                    record = try save(record, step: index, state: .halted)
                    onEvent(.stopped(record))
                    return outcome(record, latest, touched)
                }
            }
            onEvent(.stepHealthy(index))
            if step.pauseAfter > .zero, index + 1 < plan.steps.count {
                record.pausedUntil = now().addingTimeInterval(step.pauseAfter.seconds)
                record = try save(record, step: index, state: .paused)
                onEvent(.baking(index, step.pauseAfter))
                try await clock.sleep(for: step.pauseAfter)
                record.pausedUntil = nil
            }
        }
        record = try save(record.completed(at: now()), step: plan.steps.count - 1, state: .completed)
        onEvent(.completed(record))
        return outcome(record, latest, touched)
    }

    /// The record this run starts from (saved before any sync), `seen` the commits its
    /// comparisons saw by target. A target whose comparison failed (its cluster down) says
    /// nothing about its commit: the recorded one stands.
    func start(seen: [String: String], resume: Bool) throws -> RolloutRecord {
        let earlier = try store.rollout(of: applicationSet)
        if let same = earlier, same.isRollout(of: plan, seen: seen) {
            switch same.state {
            case .halted, .aborted:
                guard resume else { return same }
                return try save(same.resumed(at: now()), step: same.step, state: .progressing)
            case .progressing, .paused:
                return same  // a restart goes on where it stood
            case .completed:
                return try save(same, step: 0, state: .progressing)
            }
        }
        let states = Dictionary(try store.targets().map { ("\($0.application)@\($0.cluster)", $0) }) { first, _ in
            first
        }
        let record = RolloutRecord.started(
            applicationSet, plan: plan, seen: seen, after: earlier, states: states, now: now())
        return try save(record, step: 0, state: .progressing)
    }

    /// Syncs `batch`, then compares the targets still Progressing until each is decided or
    /// `settleTimeout` passed (they then fail, saying how long they took).
    private func syncAndSettle(_ batch: [FleetTarget]) async throws -> [TargetReport] {
        var reports = await driver.sync(batch)
        try Task.checkCancellation()
        var waited = Duration.zero
        while true {
            let waiting = reports.indices.filter { RolloutVerdict(reports[$0]) == .waiting }
            guard !waiting.isEmpty else { return reports }
            guard waited < settleTimeout else {
                for index in waiting {
                    reports[index].error =
                        "still \(reports[index].health.status.rawValue) after \(settleTimeout.rolloutText)"
                        + (reports[index].health.message.isEmpty ? "" : " (\(reports[index].health.message))")
                }
                return reports
            }
            try await clock.sleep(for: pollInterval)
            waited += pollInterval
            let again = await driver.compare(waiting.map { reports[$0].target })
            try Task.checkCancellation()
            for (index, report) in zip(waiting, again) {
                var report = report
                report.sync = reports[index].sync  // the sync's outcomes stay what the command shows
                reports[index] = report
            }
        }
    }

    private func save(_ record: RolloutRecord, step: Int, state: RolloutRecord.State) throws -> RolloutRecord {
        var record = record
        record.step = step
        record.stepCount = plan.steps.count
        record.state = state
        record.updatedAt = now()
        if state != .paused { record.pausedUntil = nil }
        try store.saveRollout(record)
        return record
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// `90s`, `1.5s`: how rollout messages write a duration.
    public var rolloutText: String {
        let value = seconds
        return value == value.rounded() ? "\(Int(value))s" : "\(value)s"
    }
}
