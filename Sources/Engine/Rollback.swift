import Foundation
import Registry

/// One target synced back to the commit a recorded sync applied — what `flotilla rollback`
/// and the dashboard's Rollback button do. The target is synced from that commit (recorded as
/// `rollback to <commit>`), then compared with Git so that its state says OutOfSync when Git
/// has moved on, as Argo CD shows a rolled-back Application; an automated Application is then
/// held at that commit (`SyncHold`) until a sync is asked for, else the next reconciliation
/// would undo it.
public struct Rollback: Sendable {
    /// The target as the fleet files have it.
    public let target: FleetTarget
    /// The history entry rolled back to.
    public let entry: SyncHistoryEntry
    /// The commit that entry applied.
    public let revision: String

    /// Why a rollback cannot start.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// The target has no history entry of that number.
        case unknownEntry(application: String, cluster: String, id: Int64)
        /// The entry's sync came from a plain folder: there is no commit to return to.
        case noRevision(application: String, id: Int64)

        public var description: String {
            switch self {
            case .unknownEntry(let application, let cluster, let id):
                "Application \(application) has no recorded sync \(id) on cluster \(cluster) (flotilla history \(application))"
            case .noRevision(let application, let id):
                "sync \(id) of \(application) came from a plain folder: there is no revision to return to"
            }
        }
    }

    /// What a rollback did.
    public struct Outcome: Sendable {
        /// The sync from the old commit.
        public var sync: TargetReport
        /// The comparison with Git afterwards (nil when the sync was cut short).
        public var comparison: TargetReport?
        /// Whether automated sync is now paused for the target.
        public var held: Bool
    }

    /// A rollback of `target` to its history entry `id` in `store`.
    public init(_ target: FleetTarget, toEntry id: Int64, in store: any RollbackStore) throws {
        let application = target.application.name
        let history = try store.history(of: application, cluster: target.cluster)
        guard let entry = history.first(where: { $0.id == id }) else {
            throw Refusal.unknownEntry(application: application, cluster: target.cluster, id: id)
        }
        guard let revision = entry.revision else { throw Refusal.noRevision(application: application, id: id) }
        self.target = target
        self.entry = entry
        self.revision = revision
    }

    /// Syncs the target back, compares it with Git, and holds it when it is automated (a
    /// failed hold is an error thrown after the rollback is done).
    public func run(
        in pipeline: FleetPipeline, with engine: Engine, store: any RollbackStore, prune: Bool,
        by initiator: SyncInitiator, warn: @escaping @Sendable (String) -> Void,
        onEvent: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) async throws -> Outcome {
        var old = target
        old.application.sources[0].targetRevision = revision
        // A rollback is of this target alone: the children it renders (app of apps) keep theirs.
        let synced = await pipeline.run(
            [old], with: engine, mode: .sync(prune: prune ? true : nil),
            recording: .rollback(to: revision, by: initiator), followsChildren: false,
            warn: warn, onEvent: onEvent)
        // One target in, one report out (a cancelled one marked).
        let sync = synced[0]
        guard !sync.cancelled else { return Outcome(sync: sync, comparison: nil, held: false) }
        let compared = await pipeline.run(
            [target], with: engine, mode: .diff, recording: .comparisonAfterRollback(to: revision),
            followsChildren: false, warn: warn, onEvent: onEvent)
        guard sync.error.isEmpty, target.application.syncPolicy?.automated != nil else {
            return Outcome(sync: sync, comparison: compared.first, held: false)
        }
        try store.hold(
            SyncHold(
                application: target.application.name, cluster: target.cluster, rolledBackTo: revision,
                gitRevision: compared.first?.comparison?.revision, since: Date()))
        return Outcome(sync: sync, comparison: compared.first, held: true)
    }
}
