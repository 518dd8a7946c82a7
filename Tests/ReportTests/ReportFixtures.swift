import FleetModel
import Foundation
import Registry

/// A small fleet's recorded state with every kind of cell: 12 targets in four rows on four
/// clusters (7 Healthy, 1 Progressing, 1 OutOfSync, 2 Degraded, 1 Unknown) and four empty cells.
enum ReportFixtures {
    static let clock = Date(timeIntervalSince1970: 1_795_000_000)

    static func state(
        _ application: String, _ cluster: String, set: String?, sync: SyncStatus = .synced,
        health: HealthStatus = .healthy,
        why: String = "", error: String = ""
    ) -> TargetState {
        TargetState(
            application: application, cluster: cluster, applicationSet: set, syncStatus: sync, health: health,
            healthMessage: why, revision: "4f2a9c1e0b7d3a5c6e8f9a0b1c2d3e4f5a6b7c8d", message: error,
            reconciledAt: clock, lastSyncAt: clock.addingTimeInterval(-60), lastSyncSucceeded: error.isEmpty,
            lastSyncRevision: "4f2a9c1e0b7d3a5c6e8f9a0b1c2d3e4f5a6b7c8d",
            objects: #"[{"object":"apps/Deployment/web/web","result":"configured","message":""}]"#)
    }

    static let states: [TargetState] = [
        state("web-dev", "dev", set: "web"),
        state("web-staging", "staging", set: "web"),
        state("web-prod-eu", "prod-eu", set: "web", health: .progressing, why: "Waiting for rollout to finish"),
        state("web-prod-us", "prod-us", set: "web"),
        state("cache-dev", "dev", set: "cache"),
        state("cache-staging", "staging", set: "cache", sync: .outOfSync),
        state(
            "cache-prod-eu", "prod-eu", set: "cache", health: .degraded,
            why: "Deployment exceeded its progress deadline"),
        state("cache-prod-us", "prod-us", set: "cache"),
        state("monitoring", "dev", set: nil),
        state("monitoring-staging", "staging", set: "monitoring-stack"),
        state(
            "monitoring-prod-eu", "prod-eu", set: "monitoring-stack", sync: .unknown, health: .unknown,
            error: "cluster \"prod-eu\": connection refused <10.0.0.7:6443>"),
        state("monitoring-prod-us", "prod-us", set: "monitoring-stack", health: .missing, why: "Job missing"),
    ]
}
