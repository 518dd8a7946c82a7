import Controller
import FleetServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("GET /metrics")
struct MetricsRouteTests {
    @Test("the registry in Prometheus text format")
    func exposition() async throws {
        let metrics = ServerMetrics()
        metrics.fleet.setTarget(
            "web@prod", labels: ApplicationLabels(name: "web", destServer: "https://prod:6443"), syncStatus: .synced,
            health: .healthy)
        metrics.fleet.recordReconcile(
            ApplicationLabels(name: "web", destServer: "https://prod:6443"), duration: .seconds(1))
        let router = Router()
        MetricsRoute.add(to: router, metrics: metrics)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE argocd_app_info gauge"))
                #expect(text.contains(#"health_status="Healthy""#))
                #expect(text.contains("# TYPE argocd_app_reconcile histogram"))
                #expect(text.contains(#"le="16.0""#) || text.contains(#"le="16""#))
            }
        }
    }
}
