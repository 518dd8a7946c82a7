import Engine
import EngineTesting
import FleetTesting
import Reconcile
import Testing

/// A cluster's client holds its share of the run's connections (6 each across a fleet, up to
/// 16 when a few clusters carry many Applications), and a lane its share of the targets
/// worked on at once (16 each across a fleet, up to 100 for one cluster).
@Suite("Connections per cluster")
struct ConnectionShareTests {
    @Test(
        "a share of 192, between 6 and 16",
        arguments: [(1, 16), (2, 16), (12, 16), (16, 12), (24, 8), (32, 6), (100, 6)])
    func share(lanesAtOnce: Int, connections: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let engine = Engine(renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")) { _ in
            throw CancellationError()
        }
        #expect(engine.connections(lanesAtOnce: lanesAtOnce) == connections)
    }

    @Test(
        "targets at once: a share of 512, between 16 and 100",
        arguments: [(1, 100), (2, 100), (5, 100), (6, 85), (16, 32), (32, 16), (100, 16)])
    func targetShare(lanesAtOnce: Int, targets: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let engine = Engine(renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")) { _ in
            throw CancellationError()
        }
        #expect(engine.targetsAtOnce(lanesAtOnce: lanesAtOnce) == targets)
        #expect(
            Engine(targetsPerCluster: 4, renderer: engine.renderer) { _ in throw CancellationError() }
                .targetsAtOnce(lanesAtOnce: 1) == 4, "never more than targetsPerCluster")
    }

    @Test("a run tells each cluster's connect its share: one cluster alone gets 16, 40 clusters 6 each")
    func handedToConnect() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (clusters, expected) in [(1, 16), (40, 6)] {
            let names = (0..<clusters).map { "c\($0)" }
            let seen = GateLog()
            let members = names.map { MemoryCluster($0) }
            let engine = Engine(renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")) { name, connections in
                seen.wrote("\(connections)")
                return members.first { $0.clusterName == name }!
            }
            let targets = try await SchedulerTests.targets(names.map { ("web-\($0)", $0) }, in: folder)
            _ = await engine.run(targets, mode: .diff)
            #expect(Set(seen.writes) == ["\(expected)"])
        }
    }
}
