import Engine

/// Hears what the controller does: the metrics, the log and (later) the dashboard's live
/// updates. Called from the controller's tasks: implementations return quickly.
public protocol ControllerObserver: Sendable {
    /// A target was reconciled (compared, and synced when `report.sync` is set).
    func reconciled(_ report: TargetReport, trigger: ReconcileTrigger)
    /// A cycle finished: the fleet's targets and what each cluster's tracked objects are.
    func cycleFinished(_ cycle: CycleSummary)
    /// Something went wrong outside any one target (fleet files unreadable, registry errors).
    func problem(_ message: String)
    /// A cycle read the fleet (before reconciling any of its targets).
    func fleetRead(_ resolution: TargetResolution)
}

extension ControllerObserver {
    /// Most observers need only the targets' reports.
    public func fleetRead(_ resolution: TargetResolution) {}
}

/// What one refresh cycle saw.
public struct CycleSummary: Sendable {
    /// The fleet's targets this cycle.
    public var targets: [FleetTarget]
    /// The cycle's reports (targets busy with another run are not in it).
    public var reports: [TargetReport]
    /// Applications the fleet generates but that have no target, with why.
    public var unresolved: [UnresolvedTarget]
    /// What retiring vanished targets did, a line each.
    public var retired: String
    /// How long the cycle took.
    public var duration: Duration
    /// How each watched cluster's watches are doing.
    public var watches: [ClusterWatchStatus]
    /// Each cluster's Kubernetes version (`gitVersion`), when known.
    public var versions: [String: String]

    /// A summary.
    public init(
        targets: [FleetTarget], reports: [TargetReport], unresolved: [UnresolvedTarget], retired: String,
        duration: Duration, watches: [ClusterWatchStatus] = [], versions: [String: String] = [:]
    ) {
        self.versions = versions
        self.targets = targets
        self.reports = reports
        self.unresolved = unresolved
        self.retired = retired
        self.duration = duration
        self.watches = watches
    }
}
