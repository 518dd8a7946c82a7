import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Engine

@Suite("Many targets on one cluster: at once, in the order that must be kept")
struct LaneOrderTests {
    static func configMap(_ name: String, in namespace: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
        ]
    }

    @Test(
        "a target creating a Namespace or CRD starts first; its users wait for its writes; co-owners wait for the end")
    func order() {
        let namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shared"]]
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "widgets.example.com"],
            "spec": ["group": "example.com", "names": ["kind": "Widget", "plural": "widgets"]],
        ]
        let widget: JSONValue = [
            "apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w", "namespace": "own"],
        ]
        let order = LaneOrder(
            [0, 1, 2, 3, 4],
            desired: [
                0: [Self.configMap("a", in: "shared")],
                1: [namespace],
                2: [widget],
                3: [crd, Self.configMap("b", in: "crds")],
                4: [Self.configMap("a", in: "shared")],
            ],
            createsNamespace: [2: "own"])
        #expect(order.launch == [3, 1, 2, 0, 4])
        #expect(order.afterApplied[0] == [1])
        #expect(order.afterApplied[2] == [3])
        #expect(order.afterApplied[3] == [])
        #expect(order.afterApplied[4] == [1])
        #expect(order.afterFinished[4] == [0])
        #expect(order.afterFinished[0] == [])
    }

    @Test("a cluster's targets sync at once, up to the per-cluster bound")
    func targetsOfOneClusterAtOnce() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = GateLog()
        let release = Latch()
        let cluster = MemoryCluster("c1") { _, key in try await log.holding(key.namespace) { await release.wait() } }
        let targets = try await SchedulerTests.targets((0..<6).map { ("app\($0)", "c1") }, in: folder)
        let engine = PipelineTests.engine([cluster], folder: folder, targetsPerCluster: 4)
        let run = Task { await engine.run(targets, mode: .sync(prune: nil)) }
        try await eventually("four targets writing at once") { log.held == 4 }
        release.open()
        let reports = await run.value
        #expect(log.most == 4)
        #expect(reports.allSatisfy { $0.syncStatus == .synced })
        #expect(cluster.keys.count == 12)
    }
}
