import Engine
import Registry

/// What a caller of the API asks `flotilla serve` to do to one target.
public enum TargetAction: Sendable, Equatable {
    /// Compare with Git now and record it (the live diff).
    case compare
    /// Sync now: `prune` deletes tracked objects Git no longer has; `dryRun` only compares.
    case sync(prune: Bool, dryRun: Bool)
    /// Sync back to the commit of history entry `historyID` (see `Rollback`).
    case rollback(historyID: Int64, prune: Bool)

    /// Whether it may write to the cluster.
    public var writes: Bool {
        switch self {
        case .compare, .sync(_, dryRun: true): false
        case .sync, .rollback: true
        }
    }
}

/// What an action did.
public struct TargetActionOutcome: Sendable {
    /// The sync (or, for `compare` and dry runs, the comparison) — without its objects.
    public var report: TargetReport
    /// For a rollback: the comparison with Git afterwards, and the commit returned to.
    public var comparisonAfterRollback: TargetReport?
    /// The commit a rollback returned to.
    public var rolledBackTo: String?
    /// Whether automated sync is now paused (a rollback of an automated Application).
    public var held: Bool

    /// An outcome.
    public init(
        report: TargetReport, comparisonAfterRollback: TargetReport? = nil, rolledBackTo: String? = nil,
        held: Bool = false
    ) {
        self.report = report
        self.comparisonAfterRollback = comparisonAfterRollback
        self.rolledBackTo = rolledBackTo
        self.held = held
    }
}

/// Why an action was not carried out.
public enum TargetActionError: Error, Equatable, CustomStringConvertible {
    /// The controller has not read the fleet yet.
    case notReady
    /// The controller is shutting down.
    case stopping
    /// The fleet has no such target.
    case unknownTarget(application: String, cluster: String)
    /// The target is being compared or synced already.
    case busy(application: String, cluster: String)
    /// A rollback cannot start (no such history entry, or no commit to return to).
    case rollbackRefused(Rollback.Refusal)
    /// The rollback is done, but automated sync could not be paused.
    case notHeld(String)

    public var description: String {
        switch self {
        case .notReady: "flotilla serve has not read the fleet yet; try again after its first cycle"
        case .stopping: "flotilla serve is shutting down"
        case .unknownTarget(let application, let cluster):
            "the fleet has no Application \(application) on cluster \(cluster)"
        case .busy(let application, let cluster):
            "a sync of \(application) on \(cluster) is already running; try again when it finishes"
        case .rollbackRefused(let refusal): refusal.description
        case .notHeld(let reason): "the rollback is done, but automated sync could not be paused: \(reason)"
        }
    }
}
