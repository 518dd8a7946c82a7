import FleetModel
import KubeClient
import Reconcile

/// One Application on its destination cluster: the unit the engine reconciles.
public struct FleetTarget: Sendable {
    /// The Application.
    public var application: Application
    /// The ApplicationSet that generated it, if any.
    public var applicationSet: String?
    /// The folder of its fleet file (relative local sources start there).
    public var baseDirectory: String
    /// The registered cluster it goes to.
    public var cluster: String
    /// The fleet file its Application or ApplicationSet is in (absolute): only a run over
    /// that file may forget or retire the target.
    public var fleetFile: String
    /// What its AppProject permits (the permissive `default` unless resolved from a fleet).
    public var policy: ProjectPolicy
    /// For a child Application (app of apps), the target whose manifests hold it.
    public var parent: ParentLink?

    /// A target.
    public init(
        application: Application, applicationSet: String?, baseDirectory: String, cluster: String, fleetFile: String,
        policy: ProjectPolicy? = nil
    ) {
        self.application = application
        self.applicationSet = applicationSet
        self.baseDirectory = baseDirectory
        self.cluster = cluster
        self.fleetFile = fleetFile
        self.policy = policy ?? .permissive(application)
    }

    /// `app@cluster`.
    public var id: String { "\(application.name)@\(cluster)" }
}

/// What the engine learned and did for one target.
public struct TargetReport: Sendable {
    /// The target.
    public var target: FleetTarget
    /// Git against the cluster, when the comparison ran.
    public var comparison: Comparison?
    /// The sync, when one ran.
    public var sync: SyncResult?
    /// Synced, OutOfSync, or Unknown when the cluster could not be compared.
    public var syncStatus: SyncStatus
    /// The Application's health on the cluster.
    public var health: HealthAssessment
    /// What went wrong, or empty.
    public var error: String
    /// When the work on it began.
    public var startedAt: ContinuousClock.Instant
    /// How long it took.
    public var duration: Duration
    /// Whether the run was cancelled (Ctrl-C) before this target finished: its outcome says
    /// nothing about the cluster and is not to be recorded.
    public var cancelled = false
    /// Whether the target failed because its cluster could not be used at all (no client, or
    /// its probe failed): every target of the cluster failed the same way.
    public var clusterUnavailable = false
    /// Why an automated sync the target needed was held back (a deny sync window, until
    /// when): not a failure, the target stays OutOfSync. A person's sync held back fails instead.
    public var syncBlock: String?
    /// For a parent (app of apps) whose child documents in Git differ from those its last sync
    /// applied and that this run did not apply: how they differ. The target is OutOfSync
    /// (its children follow the applied documents) until a sync of it applies them.
    public var pendingChildren: ChildDifference?
    /// The child documents this run applied (a syncing run that took the parent's rendered
    /// children): recorded as the parent's accepted children.
    public var acceptedChildren: AcceptedChildren?

    /// What there is to say beyond the states: the error, else why a sync was held back, else
    /// (unless a sync then succeeded) the objects the server refuses in Git's version, else
    /// how its child documents wait for a sync; empty when all is well.
    public var message: String {
        if !error.isEmpty { return error }
        if let syncBlock { return syncBlock }
        let problems = sync?.succeeded == true ? "" : comparison?.problems ?? ""
        guard let pendingChildren else { return problems }
        let waiting =
            "child Applications differ from Git (\(pendingChildren.summary)): a sync of the parent applies them"
        return problems.isEmpty ? waiting : problems + "; " + waiting
    }

    /// Whether the target ended Synced and Healthy with no error.
    public var isGood: Bool { error.isEmpty && syncStatus == .synced && health.status == .healthy }
}

/// What the engine does with each target.
public enum EngineMode: Sendable {
    /// Compare only.
    case diff
    /// Compare, then sync what differs; `prune` overrides the Applications' policies.
    case sync(prune: Bool?)
    /// Compare, then sync what differs where `decide` says so (after the comparison), pruning
    /// as each Application's policy says: `flotilla serve`'s automated sync and self-heal.
    case reconcile(decide: @Sendable (TargetReport) -> Bool)

    /// Whether a sync in this mode is a person's (sync windows with `manualSync` let it pass).
    var isManual: Bool {
        if case .sync = self { return true }
        return false
    }

    /// Whether targets may be synced (not only compared).
    public var syncs: Bool {
        if case .diff = self { return false }
        return true
    }

    /// The prune override of a syncing mode (nil: the Applications' policies).
    var pruneOverride: Bool? {
        if case .sync(let prune) = self { return prune }
        return nil
    }

    /// Whether this mode syncs the compared `report` (which differs from Git or has hooks to run).
    func decides(_ report: TargetReport) -> Bool {
        switch self {
        case .diff: false
        case .sync: true
        case .reconcile(let decide): decide(report)
        }
    }
}

/// Progress, as targets start and finish.
public enum EngineEvent: Sendable {
    /// A target began.
    case started(FleetTarget)
    /// A target finished.
    case finished(TargetReport)
}
