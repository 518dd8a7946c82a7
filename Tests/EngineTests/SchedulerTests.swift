import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Testing

@Suite("The scheduler: lanes, the concurrency bound, deadlines, probes, cancellation, retirement")
struct SchedulerTests {
    /// The targets of `pairs` in a fleet in `folder` (two ConfigMaps each).
    static func targets(
        _ pairs: [(app: String, cluster: String)], in folder: TemporaryFolder
    ) async throws
        -> [FleetTarget]
    {
        let file = try PipelineTests.fleet(in: folder, targets: pairs)
        let names = Set(pairs.map(\.cluster))
        let store = MemoryStore(clusters: names.map { Cluster(name: $0, server: "https://\($0)") })
        return try await TargetResolution.resolve(
            paths: [file], app: nil, cluster: nil, selector: nil, store: store, trees: MemoryTrees()
        ).targets
    }

    @Test("one at a time, a cluster's targets write in fleet order; reports come back in fleet order")
    func lanes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = GateLog()
        let clusters = ["c1", "c2", "c3"].map { name in
            MemoryCluster(name) { verb, key in log.wrote("\(name) \(verb) \(key)") }
        }
        let targets = try await Self.targets([("a", "c1"), ("b", "c2"), ("c", "c1"), ("d", "c3")], in: folder)
        let engine = PipelineTests.engine(clusters, folder: folder, targetsPerCluster: 1)
        let reports = await engine.run(targets, mode: .sync(prune: nil))
        #expect(reports.map(\.target.id) == ["a@c1", "b@c2", "c@c1", "d@c3"])
        #expect(reports.allSatisfy { $0.syncStatus == .synced && $0.error.isEmpty })
        // Target a's writes all come before c's (a target's own objects of one wave may go at once).
        let c1 = log.writes.filter { $0.hasPrefix("c1 ") }
        #expect(c1.map { $0.split(separator: "/")[1] } == ["a", "a", "c", "c"], "\(c1)")
        #expect(
            Set(c1) == [
                "c1 apply ConfigMap/a/cm-0", "c1 apply ConfigMap/a/cm-1", "c1 apply ConfigMap/c/cm-0",
                "c1 apply ConfigMap/c/cm-1",
            ])
        #expect(clusters[1].keys.map(\.namespace) == ["b", "b"])
    }

    @Test("no more lanes run at once than the concurrency bound")
    func concurrencyBound() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = GateLog()
        let release = Latch()
        let clusters = ["c1", "c2", "c3", "c4"].map { name in
            MemoryCluster(name) { _, _ in try await log.holding(name) { await release.wait() } }
        }
        let targets = try await Self.targets([("a", "c1"), ("b", "c2"), ("c", "c3"), ("d", "c4")], in: folder)
        let engine = PipelineTests.engine(clusters, folder: folder, concurrency: 2)
        let run = Task { await engine.run(targets, mode: .sync(prune: nil)) }
        try await eventually("two lanes writing") { log.held == 2 }
        // Give a third lane every chance to start (were the bound broken, it would be held too).
        for _ in 0..<50 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.held == 2)
        release.open()
        let reports = await run.value
        #expect(log.most == 2)
        #expect(reports.allSatisfy { $0.syncStatus == .synced })
    }

    @Test("a target past its deadline on the injected clock is cancelled and failed; other lanes finish")
    func deadline() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let clock = ManualClock()
        let log = GateLog()
        let clusters = [
            MemoryCluster("slow") { _, _ in try await log.holding("slow") { try await untilCancelled("slow") } },
            MemoryCluster("fast"),
        ]
        let targets = try await Self.targets([("stuck", "slow"), ("quick", "fast")], in: folder)
        let engine = PipelineTests.engine(clusters, folder: folder, clock: clock)
        let finished = GateLog()
        let run = Task {
            await engine.run(targets, mode: .sync(prune: nil)) { if case .finished = $0 { finished.wrote("") } }
        }
        try await eventually("the quick target to finish and the stuck one to write") {
            finished.writes.count == 1 && log.held == 1 && clock.sleepers == 1
        }
        clock.advance(by: .seconds(299))
        #expect(log.held == 1)
        clock.advance(by: .seconds(1))
        let reports = await run.value
        #expect(reports[0].error == "did not finish within 300.0 seconds")
        #expect(reports[0].syncStatus == .unknown)
        #expect(!reports[0].cancelled)
        #expect(reports[1].syncStatus == .synced)
        #expect(clusters[1].keys.count == 2)
    }

    @Test("a cluster whose probe fails fails its targets at once with the reason and is never written")
    func failingProbe() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = GateLog()
        let clusters = [
            MemoryCluster("down", probeFails: true) { verb, key in log.wrote("down \(verb) \(key)") },
            MemoryCluster("up"),
        ]
        let targets = try await Self.targets([("a", "down"), ("b", "up"), ("c", "down")], in: folder)
        let reports = await PipelineTests.engine(clusters, folder: folder).run(targets, mode: .sync(prune: nil))
        #expect(reports.map(\.syncStatus) == [.unknown, .synced, .unknown])
        #expect(reports[0].error.contains("connection refused"))
        #expect(reports[2].error == reports[0].error)
        #expect(reports[0].health.status == .unknown)
        #expect(log.writes.isEmpty)
    }

    @Test("cancelling a run aborts the target writing, starts no other, and marks both cancelled")
    func cancellation() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = GateLog()
        let clusters = [
            MemoryCluster("c1") { verb, key in
                log.wrote("\(verb) \(key)")
                try await log.holding("c1") { try await untilCancelled("c1") }
            }
        ]
        let targets = try await Self.targets([("first", "c1"), ("second", "c1")], in: folder)
        let engine = PipelineTests.engine(clusters, folder: folder, targetsPerCluster: 1)
        let run = Task { await engine.run(targets, mode: .sync(prune: nil)) }
        try await eventually("the first target to write") { log.held == 1 }
        run.cancel()
        let reports = await run.value
        #expect(reports.map(\.cancelled) == [true, true])
        #expect(reports[1].error == "cancelled")
        #expect(!log.writes.isEmpty && log.writes.allSatisfy { $0.hasPrefix("apply ConfigMap/first/") })
        #expect(clusters[0].keys.isEmpty)
    }

    @Test("retiring deletes a vanished target's tracked objects; a failed deletion is reported, not thrown")
    func retirement() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let clusters = [
            MemoryCluster("c1"),
            MemoryCluster("c2") { verb, _ in
                if verb == "delete" { throw KubeError(.forbidden, cluster: "c2", code: 403, message: "no deletes") }
            },
        ]
        let engine = PipelineTests.engine(clusters, folder: folder)
        let targets = try await Self.targets([("a", "c1"), ("b", "c2")], in: folder)
        _ = await engine.run(targets, mode: .sync(prune: nil))
        let reports = await engine.retire([
            VanishedTarget(application: "a", cluster: "c1", applicationSet: "web"),
            VanishedTarget(application: "b", cluster: "c2", applicationSet: "web"),
        ])
        #expect(reports.map(\.target.id) == ["a@c1", "b@c2"])
        #expect(reports[0].error.isEmpty)
        #expect(reports[0].outcomes.map(\.result) == [.deleted, .deleted])
        #expect(clusters[0].keys.isEmpty)
        #expect(reports[1].error == "2 object(s) could not be deleted")
        #expect(reports[1].outcomes.allSatisfy { $0.result == .failed && $0.message.contains("no deletes") })
        #expect(clusters[1].keys.count == 2)
    }
}
