import Engine
import Reconcile

/// What `flotilla sync` says about one target after its sync, and whether that fails the
/// command. The line and the fleet summary tell the same story: a target left OutOfSync says
/// so; a failure is its message alone (no state words glued after it).
struct SyncLine {
    /// `synced, Healthy`, `already synced, Healthy`, `synced, OutOfSync (2 objects left
    /// unpruned; sync --prune deletes them), Healthy`, `sync failed: …`.
    let text: String
    /// Whether the command exits 1 for this target: a failed sync, an Application Degraded,
    /// Missing or Unknown, or OutOfSync for more than pruning nobody asked for.
    let fails: Bool

    init(_ report: TargetReport) {
        guard report.error.isEmpty else {
            text = "sync failed: \(report.error)"
            fails = true
            return
        }
        let health = report.health
        var words = [report.sync == nil ? "already synced" : "synced"]
        var outOfSyncForMoreThanPruning = false
        if report.syncStatus != .synced {
            // The engine leaves a successful sync OutOfSync only for pruning it held back.
            let left = report.comparison?.changes.filter { $0.action == .delete }.count ?? 0
            outOfSyncForMoreThanPruning = left == 0
            words.append(
                report.syncStatus.rawValue
                    + (left > 0
                        ? " (\(left) object\(left == 1 ? "" : "s") left unpruned; "
                            + "sync --prune deletes \(left == 1 ? "it" : "them"))" : ""))
        }
        words.append(
            health.status.rawValue
                + (health.message.isEmpty || health.status == .healthy ? "" : " (\(health.message))"))
        text = words.joined(separator: ", ")
        fails = outOfSyncForMoreThanPruning || health.status >= .missing
    }
}
