import Engine
import Registry

/// What `flotilla sync` and `rollout resume` say on stderr as a rollout moves: a line per
/// step opened, Healthy, baking, and the end (completed or halted, with the target and why).
struct RolloutProgress {
    let applicationSet: String
    let stepCount: Int

    /// The line for `event`.
    func line(_ event: RolloutEvent) -> String {
        let prefix = "rollout \(applicationSet): "
        switch event {
        case .stepStarted(let index, let step, let toSync):
            let atOnce = step.maxUpdate < toSync ? ", \(step.maxUpdate) at a time" : ""
            return prefix
                + "step \(index + 1)/\(stepCount) (\(step.title)): \(step.targets.count) targets, \(toSync) to sync\(atOnce)"
        case .stepHealthy(let index):
            return prefix + "step \(index + 1)/\(stepCount) Synced and Healthy"
        case .baking(let index, let pause):
            return prefix + "step \(index + 1)/\(stepCount) baking for \(pause.rolloutText)"
        case .stopped(let record):
            return prefix + Self.stopped(record)
        case .completed(let record):
            return prefix + "completed: \(Self.revisions(of: record)) Synced and Healthy on every step"
        }
    }

    /// Why a rollout stands still, and what to do about it.
    static func stopped(_ record: RolloutRecord) -> String {
        let step = "step \(record.step + 1)/\(record.stepCount)"
        switch record.state {
        case .halted:
            return "halted at \(step): \(record.haltedTarget ?? "?") \(record.haltReason ?? "")"
                + "; later steps keep their revision (flotilla rollout resume \(record.applicationSet) after a fix, "
                + "or rollout abort \(record.applicationSet))"
        case .aborted:
            return "the rollout of \(revisions(of: record)) was aborted at \(step); "
                + "a new commit starts a new rollout (flotilla rollout resume \(record.applicationSet) retries it)"
        default:
            return "\(record.state.rawValue) at \(step) (flotilla rollout status \(record.applicationSet))"
        }
    }

    /// The commits a rollout takes its targets to, as lines show them: one commit (12
    /// characters), `3 revisions` when its targets' commits differ, `-` for plain folders.
    static func revisions(of record: RolloutRecord) -> String {
        RolloutRecord.text(of: record.revision, among: record.revisions, length: 12)
    }

    /// The commits its targets were last healthy at, as `revisions(of:)` writes them.
    static func lastHealthyRevisions(of record: RolloutRecord) -> String {
        RolloutRecord.text(of: record.lastHealthyRevision, among: record.lastHealthyRevisions, length: 12)
    }

    /// A commit as tables show it (12 characters), or `-` for plain folders.
    static func short(_ revision: String?) -> String {
        revision.map { String($0.prefix(12)) } ?? "-"
    }
}
