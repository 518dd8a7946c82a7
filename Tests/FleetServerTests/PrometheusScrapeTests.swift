import Controller
import FleetServer
import FleetTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// A real Prometheus (Debian's `prometheus`, from `make test-deps`) scrapes `/metrics`, and the
/// queries of Argo CD's "Application Overview" dashboard (Grafana 14584) read the expected series.
@Suite("A real Prometheus scrapes /metrics", .timeLimit(.minutes(5)))
struct PrometheusScrapeTests {
    static func labels(_ name: String, server: String) -> ApplicationLabels {
        ApplicationLabels(
            name: name, project: "default", destServer: server, destNamespace: name,
            repo: "https://git.example.com/org/gitops.git", autosync: true)
    }

    /// The samples as `label value → value`, for one grouping label.
    static func byLabel(_ samples: [PrometheusServer.Sample], _ label: String) -> [String: Double] {
        Dictionary(samples.map { ($0.labels[label] ?? "", $0.value) }, uniquingKeysWith: +)
    }

    @Test("app info by health, sync totals by phase, reconcile quantiles; a changed state replaces its series")
    func dashboardQueries() async throws {
        let metrics = ServerMetrics()
        let fleet = metrics.fleet
        let web = Self.labels("web", server: "https://a:6443")
        let api = Self.labels("api", server: "https://a:6443")
        let db = Self.labels("db", server: "https://b:6443")
        fleet.setTarget("web@a", labels: web, syncStatus: .synced, health: .healthy)
        fleet.setTarget("api@a", labels: api, syncStatus: .synced, health: .healthy)
        fleet.setTarget("db@b", labels: db, syncStatus: .outOfSync, health: .degraded)
        fleet.recordSync(web, phase: .succeeded)
        fleet.recordReconcile(web, duration: .milliseconds(300))
        fleet.recordReconcile(db, duration: .milliseconds(300))

        let router = Router()
        MetricsRoute.add(to: router, metrics: metrics)
        try await Application(router: router).test(.live) { client in
            let port = try #require(client.port)
            let prometheus = try await PrometheusServer.start(scraping: "localhost:\(port)")
            do {
                try await Self.scrape(prometheus, fleet: fleet, web: web, api: api, db: db)
            } catch {
                await prometheus.stop()
                throw error
            }
            await prometheus.stop()
        }
    }

    static func scrape(
        _ prometheus: PrometheusServer, fleet: FleetMetrics, web: ApplicationLabels, api: ApplicationLabels,
        db: ApplicationLabels
    ) async throws {
        let health = "sum(argocd_app_info) by (health_status)"
        try await prometheus.waitFor(health) { byLabel($0, "health_status") == ["Healthy": 2, "Degraded": 1] }

        // While Prometheus watches: more syncs and reconciles, and db healed.
        fleet.recordSync(web, phase: .succeeded)
        fleet.recordSync(api, phase: .succeeded)
        fleet.recordSync(db, phase: .failed)
        for (labels, milliseconds) in [(api, 300), (db, 700), (api, 3000), (db, 3000)] {
            fleet.recordReconcile(labels, duration: .milliseconds(milliseconds))
        }
        fleet.setTarget("db@b", labels: db, syncStatus: .synced, health: .healthy)

        try await prometheus.waitFor("sum(argocd_app_sync_total) by (phase)") {
            byLabel($0, "phase") == ["Succeeded": 3, "Failed": 1]
        }
        // The old Degraded series of db left the output: Prometheus marks it stale.
        try await prometheus.waitFor(health) { byLabel($0, "health_status") == ["Healthy": 3] }
        try await prometheus.waitFor("sum(argocd_app_info) by (sync_status)") {
            byLabel($0, "sync_status") == ["Synced": 3]
        }
        try await prometheus.waitFor("sum(increase(argocd_app_sync_total[1m])) by (phase)") {
            (byLabel($0, "phase")["Succeeded"] ?? 0) > 0
        }
        // The median over every reconcile (0.3, 0.3, 0.3, 0.7, 3, 3 s) from the raw buckets: 0.5 s.
        try await prometheus.waitFor("histogram_quantile(0.5, sum(argocd_app_reconcile_bucket) by (le))") {
            $0.count == 1 && abs($0[0].value - 0.5) < 0.001
        }
        // The dashboard's form over the last minute, where only the second batch (0.3, 0.7, 3,
        // 3 s) moved the buckets: 1 s.
        try await prometheus.waitFor(
            "histogram_quantile(0.5, sum(rate(argocd_app_reconcile_bucket[1m])) by (le))"
        ) { $0.count == 1 && abs($0[0].value - 1.0) < 0.01 }
        try await prometheus.waitFor("sum(argocd_app_reconcile_count) by (dest_server)") {
            byLabel($0, "dest_server") == ["https://a:6443": 3, "https://b:6443": 3]
        }
    }
}
