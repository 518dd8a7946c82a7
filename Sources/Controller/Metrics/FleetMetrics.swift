import CoreMetrics
import Engine
import FleetModel
import Synchronization

/// The metrics of `flotilla serve`, under Argo CD's names and labels where Argo CD has the
/// concept (so existing dashboards and alerts work) and `flotilla_*` for the rest.
///
/// Everything goes through the swift-metrics API and the factory given at init — never the
/// global bootstrap — so that every server and every test has a registry of its own. Histogram
/// buckets are the factory's business: a Prometheus factory should take `histogramBuckets`.
///
/// Gauges describing the current state (`argocd_app_info`, `flotilla_targets`,
/// `argocd_cluster_connection_status`, `flotilla_watches`) are kept per target or cluster: when
/// a target's state changes, its old series is destroyed, so it leaves the output.
public final class FleetMetrics: Sendable {
    /// Metric names.
    public enum Name {
        /// Gauge, 1 per Application target, labelled with its state.
        public static let appInfo = "argocd_app_info"
        /// Counter of finished syncs by phase.
        public static let appSyncTotal = "argocd_app_sync_total"
        /// Histogram of reconcile durations, in seconds.
        public static let appReconcile = "argocd_app_reconcile"
        /// Counter of Kubernetes API requests.
        public static let appK8sRequestTotal = "argocd_app_k8s_request_total"
        /// Gauge, 1 when the cluster answers, 0 when not.
        public static let clusterConnectionStatus = "argocd_cluster_connection_status"
        /// Counter of git requests to remotes.
        public static let gitRequestTotal = "argocd_git_request_total"
        /// Histogram of git request durations, in seconds.
        public static let gitRequestDuration = "argocd_git_request_duration_seconds"
        /// Gauge: targets by sync status and health.
        public static let targets = "flotilla_targets"
        /// Gauge: open watches by cluster.
        public static let watches = "flotilla_watches"
        /// Counter of self-heal syncs.
        public static let healsTotal = "flotilla_heals_total"
    }

    /// The histograms' buckets (Argo CD's): `argocd_app_reconcile` 0.25 s to 16 s,
    /// `argocd_git_request_duration_seconds` 0.1 s to 20 s. Give them to the factory (for
    /// swift-prometheus: `PrometheusMetricsFactory.durationHistogramBuckets`).
    public static let histogramBuckets: [String: [Duration]] = [
        Name.appReconcile: [0.25, 0.5, 1, 2, 4, 8, 16].map(FleetMetrics.seconds),
        Name.gitRequestDuration: [0.1, 0.25, 0.5, 1, 2, 4, 10, 20].map(FleetMetrics.seconds),
    ]

    let factory: any MetricsFactory
    private let state = Mutex(State())

    /// Metrics made by `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    // MARK: Targets

    /// Records the current state of target `id` (`FleetTarget.id`): its `argocd_app_info`
    /// series (the old one goes when a label changed) and its place in `flotilla_targets`.
    public func setTarget(_ id: String, labels: ApplicationLabels, syncStatus: SyncStatus, health: HealthStatus) {
        let info = TargetInfo(labels: labels, syncStatus: syncStatus, health: health)
        state.withLock { state in
            let old = state.targets.updateValue(info, forKey: id)
            guard old != info else { return }
            if let old { release(old, in: &state) }
            retain(info, in: &state)
        }
    }

    /// Records target `target`'s state; `server` is its cluster's API server URL.
    public func setTarget(_ target: FleetTarget, server: String? = nil, syncStatus: SyncStatus, health: HealthStatus) {
        setTarget(target.id, labels: ApplicationLabels(target, server: server), syncStatus: syncStatus, health: health)
    }

    /// Forgets target `id` (retired, or gone from the fleet files): its series leave the output.
    public func removeTarget(_ id: String) {
        state.withLock { state in
            guard let old = state.targets.removeValue(forKey: id) else { return }
            release(old, in: &state)
        }
    }

    /// The ids of the targets recorded, sorted.
    public var targetIDs: [String] { state.withLock { $0.targets.keys.sorted() } }

    // MARK: Events

    /// Counts a finished sync of the Application `labels` describes.
    public func recordSync(_ labels: ApplicationLabels, phase: SyncPhase) {
        Counter(
            label: Name.appSyncTotal,
            dimensions: [
                ("name", labels.name), ("namespace", labels.namespace), ("project", labels.project),
                ("phase", phase.rawValue), ("dest_server", labels.destServer),
            ], factory: factory
        ).increment()
    }

    /// Records how long a reconcile (compare, and sync when one ran) of the Application took.
    public func recordReconcile(_ labels: ApplicationLabels, duration: Duration) {
        CoreMetrics.Timer(
            label: Name.appReconcile,
            dimensions: [("namespace", labels.namespace), ("dest_server", labels.destServer)], factory: factory
        ).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Counts a self-heal sync (drift undone) of the Application.
    public func recordHeal(_ labels: ApplicationLabels) {
        Counter(
            label: Name.healsTotal, dimensions: [("name", labels.name), ("dest_server", labels.destServer)],
            factory: factory
        ).increment()
    }

    // MARK: Clusters

    /// Records whether the cluster at `server` answers (`k8sVersion`: its `gitVersion`, when known).
    public func setClusterConnection(server: String, k8sVersion: String, connected: Bool) {
        state.withLock { state in
            if let old = state.clusters[server], old.version != k8sVersion {
                old.gauge.destroy()
                state.clusters[server] = nil
            }
            let gauge =
                state.clusters[server]?.gauge
                ?? Gauge(
                    label: Name.clusterConnectionStatus, dimensions: [("server", server), ("k8s_version", k8sVersion)],
                    factory: factory)
            state.clusters[server] = (k8sVersion, gauge)
            gauge.record(connected ? 1 : 0)
        }
    }

    /// Records how many watches are open on `cluster`.
    public func setWatches(cluster: String, count: Int) {
        state.withLock { state in
            let gauge =
                state.watches[cluster]
                ?? Gauge(label: Name.watches, dimensions: [("cluster", cluster)], factory: factory)
            state.watches[cluster] = gauge
            gauge.record(count)
        }
    }

    /// Forgets the cluster at `server` named `cluster` (removed from the registry).
    public func removeCluster(server: String, cluster: String) {
        state.withLock { state in
            state.clusters.removeValue(forKey: server)?.gauge.destroy()
            state.watches.removeValue(forKey: cluster)?.destroy()
        }
    }

    // MARK: State

    struct TargetInfo: Sendable, Equatable {
        var labels: ApplicationLabels
        var syncStatus: SyncStatus
        var health: HealthStatus

        var infoDimensions: [(String, String)] {
            [
                ("name", labels.name), ("namespace", labels.namespace), ("project", labels.project),
                ("dest_server", labels.destServer), ("dest_namespace", labels.destNamespace),
                ("repo", labels.repo), ("sync_status", syncStatus.rawValue), ("health_status", health.rawValue),
                ("autosync_enabled", labels.autosync ? "true" : "false"),
            ]
        }

        var infoKey: [String] { infoDimensions.map(\.1) }
        var statusKey: [String] { [syncStatus.rawValue, health.rawValue] }
    }

    struct Counted {
        var gauge: Gauge
        var count: Int
    }

    struct State {
        var targets: [String: TargetInfo] = [:]
        /// `argocd_app_info` series by label values; normally one target each.
        var info: [[String]: Counted] = [:]
        /// `flotilla_targets` series by (sync status, health).
        var statuses: [[String]: Counted] = [:]
        var clusters: [String: (version: String, gauge: Gauge)] = [:]
        var watches: [String: Gauge] = [:]
    }

    private func retain(_ info: TargetInfo, in state: inout State) {
        var series =
            state.info[info.infoKey]
            ?? Counted(gauge: Gauge(label: Name.appInfo, dimensions: info.infoDimensions, factory: factory), count: 0)
        series.count += 1
        series.gauge.record(series.count)
        state.info[info.infoKey] = series

        var status =
            state.statuses[info.statusKey]
            ?? Counted(
                gauge: Gauge(
                    label: Name.targets,
                    dimensions: [("sync_status", info.syncStatus.rawValue), ("health_status", info.health.rawValue)],
                    factory: factory), count: 0)
        status.count += 1
        status.gauge.record(status.count)
        state.statuses[info.statusKey] = status
    }

    private func release(_ info: TargetInfo, in state: inout State) {
        if var series = state.info[info.infoKey] {
            series.count -= 1
            if series.count <= 0 {
                series.gauge.destroy()
                state.info[info.infoKey] = nil
            } else {
                series.gauge.record(series.count)
                state.info[info.infoKey] = series
            }
        }
        if var status = state.statuses[info.statusKey] {
            // Kept at 0 rather than destroyed: "no Degraded targets" is worth a series.
            status.count = max(0, status.count - 1)
            status.gauge.record(status.count)
            state.statuses[info.statusKey] = status
        }
    }

    static func seconds(_ value: Double) -> Duration { .nanoseconds(Int64((value * 1e9).rounded())) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
