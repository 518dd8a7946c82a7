import FleetModel
import Foundation
import KubeClient
import Testing

@testable import Controller
@testable import Sandbox

/// What idle watches cost: 100 clusters × 10 types, nothing changing, CPU time over a
/// while. Opt-in (it takes `FLOTILLA_WATCH_IDLE_SECONDS` of real time); it measures the
/// watches and the in-process sandbox serving them together, so it is an upper bound.
@Suite("Idle watches")
struct WatchIdleCostTests {
    static let seconds = ProcessInfo.processInfo.environment["FLOTILLA_WATCH_IDLE_SECONDS"].flatMap(Double.init)

    static let kinds: [GroupVersionKind] = [
        ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Service"), ("v1", "ServiceAccount"), ("apps/v1", "Deployment"),
        ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"), ("batch/v1", "Job"),
        ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ].map { GroupVersionKind(apiVersion: $0.0, kind: $0.1) }

    @Test("100 clusters × 10 types idle cost next to no CPU", .enabled(if: seconds != nil))
    func idle() async throws {
        var watches: [ClusterWatch] = []
        var clusters: [SandboxCluster] = []
        for index in 0..<100 {
            let cluster = try SandboxCluster(name: "c\(index)")
            let client = KubeClient(transport: InProcessTransport(cluster))
            let watch = ClusterWatch(api: client, onChange: { _ in })
            watch.watch(await ClusterWatch.resourceTypes(for: Self.kinds, on: client).types)
            watches.append(watch)
            clusters.append(cluster)
        }
        #expect(await eventually(within: 120) { watches.allSatisfy { $0.status.openWatches == 10 } })
        var open = 0
        for cluster in clusters { open += await cluster.openWatchCount() }
        #expect(open == 1000)
        let before = Self.cpuSeconds()
        let started = Date()
        try await Task.sleep(for: .seconds(Self.seconds ?? 10))
        let cpu = Self.cpuSeconds() - before
        let wall = Date().timeIntervalSince(started)
        print(
            "idle: 1000 watches, \(String(format: "%.3f", cpu)) s CPU in \(String(format: "%.1f", wall)) s = \(String(format: "%.2f", 100 * cpu / wall)) % of one core"
        )
        #expect(cpu / wall < 0.05)
        for watch in watches { watch.stop() }
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    }
}
