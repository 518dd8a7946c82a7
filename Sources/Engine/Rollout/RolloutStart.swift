import Foundation
import Registry

/// When a rollout is new and where a new one starts from, for `flotilla serve` and the
/// command line alike. Each target's commit is its own (an ApplicationSet's targets may come
/// from different repositories or branches): a rollout is new when the plan's digest or the
/// commit of any target a run saw changed.
extension RolloutRecord {
    /// Whether this record is the rollout of `plan` with the commits `seen` (by `app@cluster`;
    /// the targets a run did not see keep theirs).
    func isRollout(of plan: RolloutPlan, seen: [String: String]) -> Bool {
        digest == plan.digest && seen.allSatisfy { revision(of: $0.key) == $0.value }
    }

    /// A new rollout of `plan` at step 1 after `earlier` (the ApplicationSet's record, if any).
    /// Each target is taken to the commit a run saw, else to the one `earlier` took it to, else
    /// to the one its last comparison saw (`states`); it goes back on abort to the commit it
    /// was Healthy at under `earlier` (its rollout's commit when `earlier` completed, else
    /// its last healthy one), else to the commit its last successful sync left it Healthy at
    /// before the run that saw the new commits (`healthyBefore`, else `states`): serve records
    /// a rollout after the run that synced its first step.
    static func started(
        _ applicationSet: String, plan: RolloutPlan, seen: [String: String], after earlier: RolloutRecord?,
        states: [String: TargetState], healthyBefore: [String: TargetState]? = nil, now: Date
    ) -> RolloutRecord {
        let healthyBefore = healthyBefore ?? states
        let ids = plan.targets.map(\.id)
        var revisions: [String: String] = [:]
        var lastHealthy: [String: String] = [:]
        for id in ids {
            revisions[id] = seen[id] ?? earlier?.revision(of: id) ?? states[id]?.revision
            let before = earlier.flatMap {
                $0.state == .completed ? $0.revision(of: id) : $0.lastHealthyRevision(of: id)
            }
            lastHealthy[id] = before ?? healthyBefore[id].flatMap(\.healthyRevision)
        }
        return RolloutRecord(
            applicationSet: applicationSet, revision: common(revisions, over: ids), revisions: revisions,
            digest: plan.digest, lastHealthyRevision: common(lastHealthy, over: ids),
            lastHealthyRevisions: lastHealthy, step: 0, stepCount: plan.steps.count, state: .progressing,
            startedAt: now, updatedAt: now)
    }

    /// This halted or aborted rollout resumed (`rollout resume`, the dashboard's Resume): back
    /// to progressing at its step, the halt and any bake time cleared.
    public func resumed(at now: Date) -> RolloutRecord {
        var record = self
        record.state = .progressing
        record.haltedTarget = nil
        record.haltReason = nil
        record.pausedUntil = nil
        record.updatedAt = now
        return record
    }

    /// This rollout completed: every target was Synced and Healthy at its commit, the commit
    /// an abort of the next rollout takes it back to.
    func completed(at now: Date) -> RolloutRecord {
        var record = self
        record.state = .completed
        record.lastHealthyRevision = revision
        record.lastHealthyRevisions = revisions
        record.pausedUntil = nil
        record.updatedAt = now
        return record
    }
}

extension TargetState {
    /// The commit this target's last sync succeeded at, while it is Healthy.
    var healthyRevision: String? {
        lastSyncSucceeded == true && health == .healthy ? lastSyncRevision : nil
    }
}

extension RolloutRunner {
    /// The commit each target's comparison saw, by `app@cluster` (none for plain folders or a
    /// failed comparison).
    public static func revisions(of reports: [TargetReport]) -> [String: String] {
        Dictionary(reports.compactMap { report in report.comparison?.revision.map { (report.target.id, $0) } }) {
            first, _ in first
        }
    }
}
