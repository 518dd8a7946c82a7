import FleetTesting
import Prometheus
import Testing

@testable import Controller

@Suite("The controller's metrics")
struct MetricsObserverTests {
    @Test("each target's state and syncs are exported; a target that leaves the fleet leaves the output")
    func targetsComeAndGo() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = FleetMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let fixture = try ControllerFixture(alsoObserving: MetricsObserver(metrics) { _ in "https://c1:6443" })
        defer { fixture.remove() }
        await fixture.controller.cycle()
        let info = { registry.emitToString().split(separator: "\n").filter { $0.hasPrefix("argocd_app_info{") } }
        #expect(info().count == 3)
        #expect(info().contains { $0.contains(#"name="manual""#) && $0.contains(#"sync_status="OutOfSync""#) })
        let syncs = registry.emitToString().split(separator: "\n").filter { $0.hasPrefix("argocd_app_sync_total{") }
        #expect(syncs.count == 2 && syncs.allSatisfy { $0.contains(#"phase="Succeeded""#) && $0.hasSuffix(" 1") })
        #expect(registry.emitToString().contains(#"argocd_cluster_connection_status{server="https://c1:6443""#))

        _ = try fixture.folder.write(
            "fleets/fleet.yaml",
            ControllerFixture.fleet.components(separatedBy: "---").prefix(2).joined(separator: "---"))
        await fixture.controller.cycle()
        #expect(info().count == 2)
        #expect(!info().contains { $0.contains(#"name="manual""#) })
    }
}
