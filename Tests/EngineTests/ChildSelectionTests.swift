import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Registry
import Testing

/// `--app CHILD`: a child Application selected alone, rebuilt from what its parent applied.
@Suite("App of apps: one child selected alone")
struct ChildSelectionTests {
    static func resolve(
        _ file: String, app: String, cluster: String? = nil, store: MemoryStore
    ) async throws -> FleetPipeline {
        try await FleetPipeline.resolve(
            paths: [file], app: app, cluster: cluster, selector: nil, store: store, trees: MemoryTrees())
    }

    @Test("a child, and a grandchild through its parent, resolve alone from the applied documents and run alone")
    func alone() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try AppOfAppsTests.fleet(
            in: folder, children: ["a": AppOfAppsTests.child("a"), "mid": AppOfAppsTests.child("mid", path: "mid")])
        _ = try folder.write("apps/mid/leaf.yaml", AppOfAppsTests.child("leaf"))
        let store = MemoryStore(clusters: AppOfAppsTests.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        try await AppOfAppsTests.sync(file, store: store, clusters: clusters, folder: folder)
        #expect(store.recorded.keys.sorted() == ["a@c1", "leaf@c1", "mid@c1", "root@c1"])

        let child = try await Self.resolve(file, app: "a", store: store)
        #expect(child.targets.map(\.id) == ["a@c1"])
        #expect(child.targets.first?.parent?.target == "root@c1")
        #expect(!child.resolution.isWholeFleet)
        let leaf = try await Self.resolve(file, app: "leaf", store: store)
        #expect(leaf.targets.map(\.id) == ["leaf@c1"])
        #expect(leaf.targets.first?.parent?.lineage == ["root", "mid"])

        let reports = await child.run(
            child.targets, with: PipelineTests.engine(clusters, folder: folder), mode: .sync(prune: nil),
            recording: .sync(by: .automated)
        ) { _ in }
        #expect(reports.map(\.target.id) == ["a@c1"], "the parent is not run")
        #expect(try child.vanishedTargets().decisions.isEmpty, "selecting a child retires nothing")
    }

    @Test("a child whose parent's applied documents are not on record names the parent to sync instead")
    func notOnRecord() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try AppOfAppsTests.fleet(in: folder, children: ["a": AppOfAppsTests.child("a")])
        let synced = MemoryStore(clusters: AppOfAppsTests.clusters)
        try await AppOfAppsTests.sync(
            file, store: synced, clusters: [MemoryCluster("c1"), MemoryCluster("c2")], folder: folder)
        // As recorded by a Flotilla that did not keep the documents.
        let legacy = MemoryStore(
            clusters: AppOfAppsTests.clusters,
            targets: synced.recorded.values.map { state in
                var old = state
                old.acceptedChildren = nil
                return old
            })
        let error = { (app: String, cluster: String?, store: MemoryStore) async -> String in
            do {
                _ = try await Self.resolve(file, app: app, cluster: cluster, store: store)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(await error("a", nil, legacy) == "\(EmptySelection.childApplication("a", parent: "root@c1"))")
        #expect(await error("a", "c2", synced).contains("c1"), "the clusters it is on are named")
        #expect(
            await error("zz", nil, synced)
                == "\(EmptySelection.unknownApplication("zz", in: "the fleet files", known: ["root"]))")
    }
}
