import Engine
import Synchronization

/// The controller's metrics: each reconciled target's state, duration and sync phase, heals,
/// each cluster's connection and watches; targets and clusters that leave the fleet leave the output.
public final class MetricsObserver: ControllerObserver {
    let metrics: FleetMetrics
    let servers: @Sendable (String) -> String?
    private let known = Mutex<(servers: [String: String], clusters: Set<String>)>(([:], []))

    /// Records into `metrics`; `servers` gives a cluster's API server URL by name.
    public init(_ metrics: FleetMetrics, servers: @escaping @Sendable (String) -> String?) {
        self.metrics = metrics
        self.servers = servers
    }

    public func reconciled(_ report: TargetReport, trigger: ReconcileTrigger) {
        let server = server(of: report.target.cluster)
        let automated = report.target.application.syncPolicy?.automated != nil
        metrics.record(report, server: server, syncing: automated && trigger != .drift)
        if trigger == .heal, report.sync != nil {
            metrics.recordHeal(ApplicationLabels(report.target, server: server))
        }
    }

    public func cycleFinished(_ cycle: CycleSummary) {
        let current = Set(cycle.targets.map(\.id))
        for id in metrics.targetIDs where !current.contains(id) { metrics.removeTarget(id) }
        let clusters = Set(cycle.targets.map(\.cluster))
        for (cluster, reports) in Dictionary(grouping: cycle.reports, by: \.target.cluster) {
            guard let server = server(of: cluster) else { continue }
            let connected = !reports.contains(where: \.clusterUnavailable)
            metrics.setClusterConnection(
                server: server, k8sVersion: cycle.versions[cluster] ?? "", connected: connected)
        }
        watchesChanged(cycle.watches)
        let gone = known.withLock { known in
            defer { known.clusters = clusters }
            return known.clusters.subtracting(clusters)
        }
        for cluster in gone {
            metrics.removeCluster(server: server(of: cluster) ?? cluster, cluster: cluster)
        }
    }

    public func problem(_ message: String) {}

    /// Records each cluster's open watches (at each cycle, and before each scrape).
    public func watchesChanged(_ statuses: [ClusterWatchStatus]) {
        for status in statuses { metrics.setWatches(cluster: status.cluster, count: status.openWatches) }
    }

    private func server(of cluster: String) -> String? {
        if let known = known.withLock({ $0.servers[cluster] }) { return known }
        guard let server = servers(cluster) else { return nil }
        known.withLock { $0.servers[cluster] = server }
        return server
    }
}
