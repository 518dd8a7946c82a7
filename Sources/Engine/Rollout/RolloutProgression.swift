import Foundation
import Registry

/// A rollout driven by `flotilla serve` (pure): which targets' steps are open, and where the
/// rollout goes next from the targets' recorded states. The command line's `RolloutRunner`
/// waits in-process; the controller instead re-reads this after every run, so a restart
/// resumes from the registry.
public enum RolloutProgression {
    /// Whether `target`'s step is open for a sync at `revision` (the commit its comparison saw):
    /// a commit the record does not take this target to, or a template it does not know, opens
    /// the first step only; a completed rollout opens every step; a halted one the steps before
    /// the halt; an aborted one none.
    public static func opens(
        _ target: String, plan: RolloutPlan, record: RolloutRecord?, revision: String?
    ) -> Bool {
        guard let step = plan.step(of: target) else { return true }
        guard let record, record.revision(of: target) == revision, record.digest == plan.digest else {
            return step == 0
        }
        switch record.state {
        case .completed: return true
        case .aborted: return false
        case .halted: return step < record.step
        case .progressing, .paused: return step <= record.step
        }
    }

    /// The rollout after the targets' recorded `states` (by `app@cluster`) at `now`, or nil
    /// when nothing changed: a new rollout when the plan or the commit of a target in `seen`
    /// (what a run's comparisons saw, by `app@cluster`) is new; the next step once the current
    /// one is Synced and Healthy, each target at its own commit, and its bake time passed; a
    /// halt when more than `maxUnavailable` of its targets failed after their sync of their
    /// commit (`RolloutVerdict`: a failed sync, Degraded, Suspended, Missing, still OutOfSync).
    /// A new rollout's last healthy commits come from `healthyBefore` (the states before the
    /// run that saw its commits), else `states`.
    public static func next(
        _ record: RolloutRecord?, applicationSet: String, plan: RolloutPlan, seen: [String: String],
        states: [String: TargetState], healthyBefore: [String: TargetState]? = nil, now: Date
    ) -> RolloutRecord? {
        guard !plan.steps.isEmpty else { return nil }
        var current: RolloutRecord
        if let record, record.isRollout(of: plan, seen: seen) {
            current = record
        } else {
            current = .started(
                applicationSet, plan: plan, seen: seen, after: record, states: states, healthyBefore: healthyBefore,
                now: now)
        }
        while let moved = advanced(current, plan: plan, states: states, now: now) {
            current = moved
        }
        return current == record ? nil : current
    }

    /// One move of `record`, or nil when it stands.
    private static func advanced(
        _ record: RolloutRecord, plan: RolloutPlan, states: [String: TargetState], now: Date
    ) -> RolloutRecord? {
        var moved = record
        moved.updatedAt = now
        switch record.state {
        case .completed, .halted, .aborted:
            return nil
        case .paused:
            guard let until = record.pausedUntil, until <= now else { return nil }
            moved.pausedUntil = nil
            return opened(moved, plan: plan)
        case .progressing:
            let step = plan.steps[min(record.step, plan.steps.count - 1)]
            var failures: [(String, String)] = []
            var waiting = false
            for target in step.targets {
                let state = states[target.id]
                let revision = record.revision(of: target.id)
                if let why = state.flatMap({ failure(of: $0, revision: revision) }) {
                    failures.append((target.id, why))
                } else if !(state.map { isGood($0, revision: revision) } ?? false) {
                    waiting = true
                }
            }
            if failures.count > step.maxUnavailable {
                moved.state = .halted
                moved.haltedTarget = failures[0].0
                moved.haltReason = failures[0].1
                return moved
            }
            guard !waiting else { return nil }
            if step.pauseAfter > .zero, record.step + 1 < plan.steps.count {
                moved.state = .paused
                moved.pausedUntil = now.addingTimeInterval(step.pauseAfter.seconds)
                return moved
            }
            return opened(moved, plan: plan)
        }
    }

    /// The next step opened, or the rollout completed after the last.
    private static func opened(_ record: RolloutRecord, plan: RolloutPlan) -> RolloutRecord {
        var moved = record
        if record.step + 1 < plan.steps.count {
            moved.step += 1
            moved.state = .progressing
        } else {
            moved = record.completed(at: record.updatedAt)
        }
        return moved
    }

    private static func isGood(_ state: TargetState, revision: String?) -> Bool {
        state.syncStatus == .synced && state.health == .healthy && (revision == nil || state.revision == revision)
    }

    /// Why a target counts against its step, by `RolloutVerdict`'s rules (a failed sync,
    /// Degraded, Suspended, Missing, or OutOfSync after its sync), once its state is that of a
    /// sync of `revision`; until then it waits. Plain folders (no revision) cannot tell a target
    /// left OutOfSync by its sync from one not synced yet: that one waits too.
    private static func failure(of state: TargetState, revision: String?) -> String? {
        guard state.lastSyncSucceeded != nil, revision == nil || state.lastSyncRevision == revision,
            case .failed(let why) = RolloutVerdict(state)
        else { return nil }
        if revision == nil, state.lastSyncSucceeded == true, state.health == .healthy { return nil }
        return why
    }
}
