import Engine

/// Recording an engine report in one call, so every driver counts the same way.
extension FleetMetrics {
    /// Records what one reconcile of a target found and did: its state (`argocd_app_info`,
    /// `flotilla_targets`), how long it took (`argocd_app_reconcile`), and, when a sync ran, its
    /// phase; `syncing` says the run meant to sync the target (automated and OutOfSync), so that
    /// an error before any sync ran counts as phase `Error`. A cancelled report records nothing.
    /// `server` is the target's cluster's API server URL.
    public func record(_ report: TargetReport, server: String? = nil, syncing: Bool = false) {
        guard !report.cancelled else { return }
        let labels = ApplicationLabels(report.target, server: server)
        setTarget(report.target.id, labels: labels, syncStatus: report.syncStatus, health: report.health.status)
        recordReconcile(labels, duration: report.duration)
        if let sync = report.sync {
            recordSync(labels, phase: SyncPhase(sync))
        } else if syncing, !report.error.isEmpty {
            recordSync(labels, phase: .error)
        }
    }
}
