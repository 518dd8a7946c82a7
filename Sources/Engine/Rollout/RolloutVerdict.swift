import FleetModel
import Registry

/// Whether a target a rollout synced is done, still on its way, or a failure that counts
/// against its step's `maxUnavailable`. The same rules judge a sync's report (`flotilla sync`)
/// and a recorded state (`flotilla serve`).
enum RolloutVerdict: Equatable {
    /// Synced and Healthy.
    case healthy
    /// Still Progressing (or not yet assessed): to be compared again.
    case waiting
    /// Failed, with why.
    case failed(String)

    /// The verdict on a sync's report.
    init(_ report: TargetReport) {
        self.init(
            error: report.error, syncStatus: report.syncStatus, health: report.health.status,
            healthMessage: report.health.message)
    }

    /// The verdict on a recorded state whose last sync was the rollout's.
    init(_ state: TargetState) {
        self.init(
            error: state.lastSyncSucceeded == false ? (state.message.isEmpty ? "failed" : state.message) : "",
            syncStatus: state.syncStatus, health: state.health, healthMessage: state.healthMessage)
    }

    /// Failed: an error, Degraded, Suspended, Missing, or Healthy but not Synced after the sync.
    private init(error: String, syncStatus: SyncStatus, health: HealthStatus, healthMessage: String) {
        if !error.isEmpty {
            self = .failed("sync failed: \(error)")
            return
        }
        let detail = healthMessage.isEmpty ? "" : ": \(healthMessage)"
        switch health {
        case .healthy where syncStatus == .synced: self = .healthy
        case .healthy: self = .failed("\(syncStatus.rawValue) after its sync")
        case .degraded, .suspended, .missing: self = .failed("\(health.rawValue)\(detail)")
        case .progressing, .unknown: self = .waiting
        }
    }
}
