import Foundation
import Registry

/// `rollout abort`: the targets a rollout has reached (its steps up to the current one) that
/// no longer run the last revision healthy everywhere are synced back to it, each recorded as
/// a rollback (`rollback to <commit>`); the rollout is then `aborted`, so nothing syncs its
/// revision again until Git moves on or `rollout resume` is asked for.
public struct RolloutAbort: Sendable {
    /// Why an abort cannot start.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// The ApplicationSet has no rollout on record.
        case noRollout(String)
        /// The rollout completed or was aborted already.
        case notActive(String, RolloutRecord.State)
        /// No revision was healthy everywhere before this rollout (its first, or plain folders).
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
    /// The commit its targets go back to.
    public let revision: String
    /// The targets to sync back (fleet versions; the revision is set when run).
    public let targets: [FleetTarget]

    /// An abort of `applicationSet`'s recorded rollout over `plan`.
    public init(_ applicationSet: String, plan: RolloutPlan, store: any RolloutStore) throws {
        guard let record = try store.rollout(of: applicationSet) else { throw Refusal.noRollout(applicationSet) }
        guard record.state.isActive else { throw Refusal.notActive(applicationSet, record.state) }
        guard let revision = record.lastHealthyRevision else { throw Refusal.noHealthyRevision(applicationSet) }
        let deployed = Dictionary(
            try store.targets().map { ("\($0.application)@\($0.cluster)", $0.lastSyncRevision) }
        ) { first, _ in first }
        let reached = plan.steps.prefix(min(record.step, plan.steps.count - 1) + 1).flatMap(\.targets)
        self.record = record
        self.revision = revision
        targets = reached.filter { target in deployed[target.id].map { $0 != revision } ?? false }
    }

    /// Syncs the reached targets back to `revision` and, when all went back, records the rollout
    /// `aborted`; the reports in target order.
    public func run(
        in pipeline: FleetPipeline, with engine: Engine, store: any RolloutStore, by initiator: SyncInitiator,
        now: Date = Date(), warn: @escaping @Sendable (String) -> Void
    ) async throws -> [TargetReport] {
        let old = targets.map { target in
            var old = target
            old.application.sources[0].targetRevision = revision
            return old
        }
        // As a rollback: of these targets alone; the children they render keep their revisions.
        let reports = await pipeline.run(
            old, with: engine, mode: .sync(prune: nil), recording: .rollback(to: revision, by: initiator),
            followsChildren: false, warn: warn)
        // A target that could not go back leaves the rollout as it was, so that abort can be asked again.
        guard !reports.contains(where: { $0.cancelled || !$0.error.isEmpty }) else { return reports }
        // Compared with Git afterwards, as after a rollback: OutOfSync, "rolled back to <commit>".
        _ = await pipeline.run(
            targets, with: engine, mode: .diff, recording: .comparisonAfterRollback(to: revision),
            followsChildren: false, warn: warn)
        var aborted = record
        aborted.state = .aborted
        aborted.updatedAt = now
        aborted.pausedUntil = nil
        try store.saveRollout(aborted)
        return reports
    }
}
