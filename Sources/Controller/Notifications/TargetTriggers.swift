import Engine
import FleetModel

/// What the notifications remember of one target between its reports, and the triggers a
/// new report fires against it: each state change once, never the same state twice.
///
/// The first report of a target (at start, or when it joins the fleet) sets the baseline:
/// states it is already in (OutOfSync, Degraded, deployed) fire nothing, so a restart does
/// not repeat old news; what that report did (a sync that ran) does fire.
struct TargetTriggers: Sendable, Equatable {
    /// The last known sync status (an Unknown report changes nothing).
    var syncStatus: SyncStatus?
    /// The last known health (an Unknown report changes nothing).
    var health: HealthStatus?
    /// The revision last announced by `on-deployed` (or found deployed at the baseline).
    var announced: String?
    /// The revision a successful sync brought that is not announced yet (waiting to be healthy).
    var pendingDeploy: String?

    /// The baseline of a target first seen in `report`.
    static func baseline(_ report: TargetReport) -> TargetTriggers {
        TargetTriggers(
            syncStatus: report.syncStatus == .unknown ? nil : report.syncStatus,
            health: report.health.status == .unknown ? nil : report.health.status,
            announced: report.isGood && report.sync == nil ? revision(of: report) : nil)
    }

    /// The triggers `report` fires, in a fixed order, and what is remembered afterwards.
    static func fire(_ report: TargetReport, after previous: TargetTriggers?) -> ([NotificationTrigger], TargetTriggers)
    {
        var state = previous ?? baseline(report)
        var fired: [NotificationTrigger] = []
        let revision = revision(of: report)
        if let sync = report.sync {
            fired.append(sync.succeeded ? .syncSucceeded : .syncFailed)
            if sync.succeeded { state.pendingDeploy = revision }
        }
        if report.syncStatus != .unknown {
            if let known = state.syncStatus, known != .outOfSync, report.syncStatus == .outOfSync {
                fired.append(.outOfSync)
            }
            state.syncStatus = report.syncStatus
        }
        if report.health.status != .unknown {
            if let known = state.health, known != .degraded, report.health.status == .degraded {
                fired.append(.healthDegraded)
            }
            state.health = report.health.status
        }
        if report.isGood, state.pendingDeploy == revision {
            // A source without a commit (a local folder): each successful sync is a deployment.
            if state.announced != revision || revision.isEmpty { fired.append(.deployed) }
            state.announced = revision
            state.pendingDeploy = nil
        }
        return (fired, state)
    }

    /// The commit compared (empty for a source without one).
    static func revision(of report: TargetReport) -> String { report.comparison?.revision ?? "" }
}
