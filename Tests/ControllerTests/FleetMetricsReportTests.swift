import Controller
import FleetModel
import Prometheus
import Testing

@testable import Engine
@testable import Reconcile

@Suite("FleetMetrics.record(report): state, duration and sync phase of one reconcile")
struct FleetMetricsReportTests {
    let registry = PrometheusCollectorRegistry()

    func metrics() -> FleetMetrics {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = FleetMetrics.histogramBuckets
        return FleetMetrics(factory: factory)
    }

    func count(_ prefix: String) -> [String] {
        registry.emitToString().split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func report(sync: SyncResult?, error: String = "", cancelled: Bool = false) throws -> TargetReport {
        let documents = try YAMLLoader.load(
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: { name: web, namespace: team-a }
            spec:
              source: { repoURL: "https://git.example.com/org/gitops.git", path: web }
              destination: { name: prod, namespace: web }
            """, file: "web.yaml")
        let application = try Application(reading: try #require(documents.first).reader)
        let target = FleetTarget(
            application: application, applicationSet: nil, baseDirectory: "/fleet", cluster: "prod",
            fleetFile: "/fleet/web.yaml")
        return TargetReport(
            target: target, comparison: nil, sync: sync, syncStatus: sync?.succeeded == true ? .synced : .outOfSync,
            health: HealthAssessment(.healthy), error: error, startedAt: ContinuousClock.now,
            duration: .milliseconds(600), cancelled: cancelled)
    }

    static func sync(succeeded: Bool) -> SyncResult {
        SyncResult(
            outcomes: [], succeeded: succeeded, message: "", health: HealthAssessment(.healthy), objectHealth: [:],
            attempts: 1)
    }

    @Test("a sync that ran counts by its phase; an error before syncing counts as Error; cancelled counts nothing")
    func phases() throws {
        let metrics = metrics()
        metrics.record(try Self.report(sync: Self.sync(succeeded: true)), server: "https://prod:6443")
        metrics.record(try Self.report(sync: Self.sync(succeeded: false)), server: "https://prod:6443")
        metrics.record(
            try Self.report(sync: nil, error: "git fetch failed"), server: "https://prod:6443", syncing: true)
        metrics.record(try Self.report(sync: nil, error: "git fetch failed"), server: "https://prod:6443")
        metrics.record(try Self.report(sync: nil, cancelled: true), server: "https://prod:6443", syncing: true)
        #expect(
            count("argocd_app_sync_total").map { $0.components(separatedBy: "phase=").last ?? "" } == [
                #""Error",dest_server="https://prod:6443"} 1"#, #""Failed",dest_server="https://prod:6443"} 1"#,
                #""Succeeded",dest_server="https://prod:6443"} 1"#,
            ])
        #expect(
            count("argocd_app_reconcile_count") == [
                #"argocd_app_reconcile_count{namespace="team-a",dest_server="https://prod:6443"} 4"#
            ])
        #expect(count("argocd_app_info").count == 1)
        #expect(count("argocd_app_info").first?.contains(#"name="web",namespace="team-a",project="default""#) == true)
        #expect(metrics.targetIDs == ["web@prod"])
    }
}
