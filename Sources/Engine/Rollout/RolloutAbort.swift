import Foundation
import Registry

/// `rollout abort`: the targets a rollout has reached (its steps up to the current one) that
/// no longer run the commit they were last healthy at are synced back to it — each target to
/// its own (an ApplicationSet's targets may come from different repositories or branches),
/// each recorded as a rollback (`rollback to <commit>`); the rollout is then `aborted`, so
/// nothing syncs its commits again until Git moves on or `rollout resume` is asked for. A
/// reached target with no healthy commit on record is left as it is and named
/// (`withoutHealthyRevision`), never sent to another target's commit.
public struct RolloutAbort: Sendable {
    /// Why an abort cannot start.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// The ApplicationSet has no rollout on record.
        case noRollout(String)
        /// The rollout completed or was aborted already.
        case notActive(String, RolloutRecord.State)
        /// No target had a healthy commit before this rollout (its first, or plain folders).
        case noHealthyRevision(String)

        public var description: String {
            switch self {
            case .noRollout(let name): "ApplicationSet \(name) has no rollout on record"
            case .notActive(let name, let state):
                "the rollout of \(name) is \(state.rawValue): there is nothing to abort"
            case .noHealthyRevision(let name):
                "the rollout of \(name) has no earlier revision that was healthy everywhere to go back to"
            }
        }
    }

    /// The rollout being aborted.
    public let record: RolloutRecord
    /// What its targets go back to, for display: the commit when they all go back to one,
    /// else how many (`2 revisions`); `revisions` has each target's.
    public let revision: String
    /// The commit each target of `targets` goes back to, by `app@cluster`.
    public let revisions: [String: String]
    /// The targets to sync back (fleet versions; each one's revision is set when run).
    public let targets: [FleetTarget]
    /// The reached targets with no healthy commit on record to go back to: left as they are.
    public let withoutHealthyRevision: [FleetTarget]

    /// An abort of `applicationSet`'s recorded rollout over `plan`.
    public init(_ applicationSet: String, plan: RolloutPlan, store: any RolloutStore) throws {
        guard let record = try store.rollout(of: applicationSet) else { throw Refusal.noRollout(applicationSet) }
        guard record.state.isActive else { throw Refusal.notActive(applicationSet, record.state) }
        guard record.lastHealthyRevisionCount > 0 else { throw Refusal.noHealthyRevision(applicationSet) }
        let deployed = Dictionary(
            try store.targets().map { ("\($0.application)@\($0.cluster)", $0.lastSyncRevision) }
        ) { first, _ in first }
        let reached = plan.steps.prefix(min(record.step, plan.steps.count - 1) + 1).flatMap(\.targets)
        // A target with no recorded state has nothing to go back from.
        let moved = reached.filter { target in
            deployed[target.id].map { $0 != record.lastHealthyRevision(of: target.id) } ?? false
        }
        let revisions = Dictionary(
            moved.compactMap { target in record.lastHealthyRevision(of: target.id).map { (target.id, $0) } }
        ) { first, _ in first }
        self.record = record
        self.revisions = revisions
        targets = moved.filter { revisions[$0.id] != nil }
        withoutHealthyRevision = moved.filter { revisions[$0.id] == nil }
        revision =
            revisions.isEmpty
            ? RolloutRecord.text(of: record.lastHealthyRevision, among: record.lastHealthyRevisions)
            : RolloutRecord.text(of: nil, among: revisions)
    }

    /// Syncs the reached targets back, each to its commit in `revisions`, and, when all went
    /// back, records the rollout `aborted`; the reports in target order.
    public func run(
        in pipeline: FleetPipeline, with engine: Engine, store: any RolloutStore, by initiator: SyncInitiator,
        now: Date = Date(), warn: @escaping @Sendable (String) -> Void
    ) async throws -> [TargetReport] {
        var reports: [TargetReport] = []
        // One run per commit, as a rollback: of these targets alone; the children they render keep their revisions.
        for (commit, group) in groups() {
            let old = group.map { target in
                var old = target
                old.application.sources[0].targetRevision = commit
                return old
            }
            reports += await pipeline.run(
                old, with: engine, mode: .sync(prune: nil), recording: .rollback(to: commit, by: initiator),
                followsChildren: false, warn: warn)
        }
        let order = Dictionary(targets.enumerated().map { ($1.id, $0) }) { first, _ in first }
        reports.sort { (order[$0.target.id] ?? 0) < (order[$1.target.id] ?? 0) }
        // A target that could not go back leaves the rollout as it was, so that abort can be asked again.
        guard !reports.contains(where: { $0.cancelled || !$0.error.isEmpty }) else { return reports }
        // Compared with Git afterwards, as after a rollback: OutOfSync, "rolled back to <commit>".
        for (commit, group) in groups() {
            _ = await pipeline.run(
                group, with: engine, mode: .diff, recording: .comparisonAfterRollback(to: commit),
                followsChildren: false, warn: warn)
        }
        var aborted = record
        aborted.state = .aborted
        aborted.updatedAt = now
        aborted.pausedUntil = nil
        try store.saveRollout(aborted)
        return reports
    }

    /// `targets` grouped by the commit they go back to, in commit order.
    private func groups() -> [(String, [FleetTarget])] {
        Dictionary(grouping: targets) { revisions[$0.id] ?? "" }.sorted { $0.key < $1.key }
    }
}
