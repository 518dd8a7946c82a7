import Reconcile

/// How a sync ended, as Argo CD's `argocd_app_sync_total{phase}` counts it.
public enum SyncPhase: String, Sendable, CaseIterable {
    /// Every step succeeded.
    case succeeded = "Succeeded"
    /// The sync ran and a step failed.
    case failed = "Failed"
    /// The sync could not run (the source did not render, the cluster did not answer).
    case error = "Error"

    /// The phase of a sync that ran: succeeded or failed.
    public init(_ result: SyncResult) {
        self = result.succeeded ? .succeeded : .failed
    }
}
