import Engine
import FleetTesting
import Reconcile
import Testing

/// The wait for health a sync gets stays inside the target's deadline (`sync --timeout`), so
/// that a target still rolling out is reported Progressing rather than failed by its deadline.
@Suite("The wait for health within the deadline")
struct HealthWaitTests {
    @Test(
        "the health timeout, at most half the deadline",
        arguments: [
            (deadline: 300, healthTimeout: 120, wait: 120), (deadline: 240, healthTimeout: 120, wait: 120),
            (deadline: 60, healthTimeout: 120, wait: 30), (deadline: 3, healthTimeout: 120, wait: 1.5),
        ])
    func healthWait(deadline: Int, healthTimeout: Int, wait: Double) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let engine = Engine(
            deadline: .seconds(deadline), healthTimeout: .seconds(healthTimeout),
            renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")
        ) { _ in throw CancellationError() }
        #expect(engine.healthWait == .seconds(wait))
    }
}
