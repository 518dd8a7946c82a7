import FleetModel

/// Whether a target a rollout synced is done, still on its way, or a failure that counts
/// against its step's `maxUnavailable`.
enum RolloutVerdict: Equatable {
    /// Synced and Healthy.
    case healthy
    /// Still Progressing (or not yet assessed): to be compared again.
    case waiting
    /// Failed, with why.
    case failed(String)

    init(_ report: TargetReport) {
        if !report.error.isEmpty {
            self = .failed("sync failed: \(report.error)")
            return
        }
        let health = report.health
        let detail = health.message.isEmpty ? "" : ": \(health.message)"
        switch health.status {
        case .healthy where report.syncStatus == .synced: self = .healthy
        case .healthy: self = .failed("\(report.syncStatus.rawValue) after its sync")
        case .degraded, .suspended, .missing: self = .failed("\(health.status.rawValue)\(detail)")
        case .progressing, .unknown: self = .waiting
        }
    }
}
