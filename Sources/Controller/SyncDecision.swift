import Engine
import FleetModel
import Reconcile
import Registry

/// Whether `flotilla serve` syncs a compared target that differs from Git, as Argo CD's
/// automated sync decides: only Applications with `syncPolicy.automated`; not a target held
/// after a rollback (unless `resumesOnNewRevision` and Git moved past it); with `selfHeal`,
/// whenever it differs (drift is undone); without it, only when Git or the Application changed
/// since the last sync attempted — a failed sync is not retried at the same revision, and
/// drift is reported, not undone.
public struct SyncDecision: Sendable {
    /// Held targets by id (`app@cluster`).
    public var holds: [String: SyncHold]
    /// What each target's last sync attempt of this process was made from (`attempt(_:)`), by id.
    public var attempted: [String: String]
    /// The revision each target last synced, as recorded (for targets this process has not
    /// attempted yet: after a restart), by id.
    public var recordedRevisions: [String: String]
    /// Whether a new Git revision releases a hold.
    public var resumesOnNewRevision: Bool
    /// Whether this run only compares (a drift check of a target without `selfHeal`).
    public var compareOnly: Bool

    /// A decision over these holds and attempts.
    public init(
        holds: [String: SyncHold] = [:], attempted: [String: String] = [:], recordedRevisions: [String: String] = [:],
        resumesOnNewRevision: Bool = false, compareOnly: Bool = false
    ) {
        self.holds = holds
        self.attempted = attempted
        self.recordedRevisions = recordedRevisions
        self.resumesOnNewRevision = resumesOnNewRevision
        self.compareOnly = compareOnly
    }

    /// Whether to sync `report`'s target (which differs from Git or has hooks to run).
    public func syncs(_ report: TargetReport) -> Bool {
        let target = report.target
        guard !compareOnly, let automated = target.application.syncPolicy?.automated, !isHeld(report) else {
            return false
        }
        if automated.selfHeal { return true }
        if let attempt = attempted[target.id] { return attempt != Self.attempt(report) }
        return recordedRevisions[target.id] == nil || recordedRevisions[target.id] != report.comparison?.revision
    }

    /// Whether `report`'s target stays held at its rolled-back revision.
    public func isHeld(_ report: TargetReport) -> Bool {
        guard let hold = holds[report.target.id] else { return false }
        guard resumesOnNewRevision, let held = hold.gitRevision, let now = report.comparison?.revision else {
            return true
        }
        return held == now
    }

    /// What a sync of `report` is made from: the commit and the objects Git wants (a template
    /// change, or a change to a plain folder's files, is a new attempt too).
    public static func attempt(_ report: TargetReport) -> String {
        // Child Applications (app of apps) are part of what Git wants of the parent.
        let desired =
            (report.comparison?.changes.compactMap(\.desired) ?? []) + (report.comparison?.children.map(\.object) ?? [])
        return (report.comparison?.revision ?? "") + " " + Digest.of(.array(desired))
    }
}
