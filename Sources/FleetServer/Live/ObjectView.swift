import Engine
import FleetModel
import Reconcile

/// One object of a target as its last comparison (or sync) left it: what the target page lists.
public struct ObjectView: Sendable, Equatable {
    /// The object.
    public var key: ResourceKey
    /// Its API version (`v1`, `apps/v1`'s `v1`), when the server said.
    public var version: String
    /// Synced, OutOfSync, or Unknown.
    public var status: SyncStatus
    /// What a sync would do (or did not manage to do) to it.
    public var action: ObjectAction
    /// Its health, when it is on the cluster.
    public var health: HealthAssessment?
    /// Why it is skipped, refused, claimed or unknown.
    public var reason: String

    /// The objects of `report`, in the comparison's order: after a sync, an object it wrote
    /// is Synced unless the sync failed on it, and pruned ones are gone.
    static func objects(of report: TargetReport) -> [ObjectView] {
        let outcomes = Dictionary((report.sync?.outcomes ?? []).map { ($0.key, $0.result) }) { _, last in last }
        return (report.comparison?.changes ?? []).compactMap { change in
            var view = ObjectView(
                key: change.key, version: change.type?.version ?? "", status: status(of: change.action),
                action: change.action, health: nil, reason: change.reason)
            if let sync = report.sync {
                switch outcomes[change.key] {
                case .pruned?, .deleted?: return nil
                case .created?, .configured?, .replaced?, .unchanged?:
                    view.status = .synced
                    view.action = .unchanged
                case .failed?: view.status = .outOfSync
                default: break
                }
                view.health = sync.objectHealth[change.key]
            }
            if view.health == nil, change.live != nil, view.action != .delete {
                view.health = HealthAssessor.assess(change.live)
            }
            return view
        }
    }

    private static func status(of action: ObjectAction) -> SyncStatus {
        switch action {
        case .unchanged, .skipped: .synced
        case .unknown: .unknown
        case .create, .update, .delete, .refused, .claimed, .forbidden: .outOfSync
        }
    }
}
