import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Generators
import KubeClient
import Reconcile
import Registry
import Testing

@Suite("The pipeline against a store in memory: fleet files in, recorded state out")
struct PipelineTests {
    /// A fleet of an ApplicationSet with an Application per `(app, cluster)` pair (each in a
    /// namespace of its own, a folder of `configMaps` ConfigMaps) plus one Application bound
    /// for a cluster nobody registered.
    static func fleet(
        in folder: TemporaryFolder, targets: [(app: String, cluster: String)], configMaps: Int = 2
    ) throws -> String {
        for index in 0..<configMaps {
            _ = try folder.write(
                "apps/web/cm-\(index).yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-\(index)}\ndata: {k: v}\n")
        }
        let elements = targets.map { "      - {app: \($0.app), cluster: \($0.cluster)}" }.joined(separator: "\n")
        return try folder.write(
            "fleets/web.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: web}
            spec:
              syncPolicy: {applicationsSync: sync}
              generators:
              - list:
                  elements:
            \(elements)
              template:
                metadata: {name: '<<app>>'}
                spec:
                  project: default
                  source: {repoURL: ../apps, path: web}
                  destination: {name: '<<cluster>>', namespace: '<<app>>'}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: lost}
            spec:
              project: default
              source: {repoURL: ../apps, path: web}
              destination: {name: nowhere, namespace: default}

            """)
    }

    /// `fleet` with one Application per cluster, `web-<cluster>`.
    static func fleet(in folder: TemporaryFolder, clusters: [String]) throws -> String {
        try fleet(in: folder, targets: clusters.map { ("web-\($0)", $0) })
    }

    static func engine(
        _ clusters: [MemoryCluster], folder: TemporaryFolder, concurrency: Int = 32, targetsPerCluster: Int = 16,
        clock: any Clock<Duration> = ContinuousClock()
    ) -> Engine {
        let renderer = SourceRenderer(cacheDirectory: folder.path + "/repos")
        return Engine(
            concurrency: concurrency, targetsPerCluster: targetsPerCluster, clock: clock, renderer: renderer
        ) { name in
            guard let cluster = clusters.first(where: { $0.clusterName == name }) else {
                throw KubeError(.configuration, cluster: name, message: "no such cluster")
            }
            return cluster
        }
    }

    @Test("a git generator's folders become targets on the selected clusters; the tree is read before generators run")
    func gitGeneratorTargets() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(
            "fleet.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: apps}
            spec:
              generators:
                - matrix:
                    generators:
                      - git: {repoURL: 'https://git.example.com/apps.git', directories: [{path: 'apps/*'}]}
                      - clusters: {}
              template:
                metadata: {name: '<<path.basename>>-<<name>>'}
                spec:
                  source: {repoURL: 'https://git.example.com/apps.git', path: '<<path>>'}
                  destination: {name: '<<name>>', namespace: '<<path.basename>>'}
            """)
        let store = MemoryStore(clusters: [
            Cluster(name: "c1", server: "https://c1"), Cluster(name: "c2", server: "https://c2"),
        ])
        let trees = MemoryTrees([
            "https://git.example.com/apps.git": ["apps/web/cm.yaml": "kind: ConfigMap", "apps/api/cm.yaml": ""]
        ])
        let pipeline = try await FleetPipeline.resolve(
            paths: [file], app: nil, cluster: "c2", selector: nil, store: store, trees: trees)
        #expect(pipeline.targets.map(\.id) == ["api-c2@c2", "web-c2@c2"])
        #expect(pipeline.targets.map(\.application.sources.first?.path) == ["apps/api", "apps/web"])

        await #expect(throws: GeneratorError.self) {
            _ = try await FleetPipeline.resolve(
                paths: [file], app: nil, cluster: nil, selector: nil, store: store, trees: MemoryTrees())
        }
    }

    @Test("an unregistered destination is a failed target in the result, the others sync and are recorded")
    func unresolvedTargetsDoNotStopTheRest() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, clusters: ["c1", "c2"])
        let store = MemoryStore(clusters: [
            Cluster(name: "c1", server: "https://c1"), Cluster(name: "c2", server: "https://c2"),
        ])
        let pipeline = try await FleetPipeline.resolve(
            paths: [file], app: nil, cluster: nil, selector: nil, store: store, trees: MemoryTrees())
        #expect(pipeline.targets.map(\.id) == ["web-c1@c1", "web-c2@c2"])
        #expect(pipeline.resolution.unresolved.map(\.application) == ["lost"])
        #expect(
            pipeline.resolution.unresolved.first?.reason.contains("destination cluster \"nowhere\" is not registered")
                == true)

        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        let reports = await pipeline.run(
            pipeline.targets, with: Self.engine(clusters, folder: folder), mode: .sync(prune: nil),
            recording: .sync(by: .automated),
            warn: { Issue.record("not recorded: \($0)") })
        #expect(reports.map(\.syncStatus) == [.synced, .synced])
        #expect(
            clusters.map { $0.keys.map(\.description) } == [
                ["ConfigMap/web-c1/cm-0", "ConfigMap/web-c1/cm-1"],
                ["ConfigMap/web-c2/cm-0", "ConfigMap/web-c2/cm-1"],
            ])
        #expect(store.recorded.keys.sorted() == ["web-c1@c1", "web-c2@c2"])
        #expect(store.recorded["web-c1@c1"]?.syncStatus == .synced)
        #expect(store.recorded["web-c1@c1"]?.health == .healthy)
        #expect(store.history.map(\.succeeded) == [true, true])
        #expect(store.recorded["web-c1@c1"]?.objects.contains(#""result":"created""#) == true)
    }

    @Test(
        "a target the fleet stops generating is retired: its objects deleted, its state forgotten, a history entry left"
    )
    func vanishedTargetsAreRetired() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = MemoryStore(clusters: [
            Cluster(name: "c1", server: "https://c1"), Cluster(name: "c2", server: "https://c2"),
        ])
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        let engine = Self.engine(clusters, folder: folder)
        let first = try await FleetPipeline.resolve(
            paths: [try Self.fleet(in: folder, clusters: ["c1", "c2"])], app: nil, cluster: nil, selector: nil,
            store: store, trees: MemoryTrees())
        _ = await first.run(
            first.targets, with: engine, mode: .sync(prune: nil), recording: .sync(by: .automated), warn: { _ in })

        let second = try await FleetPipeline.resolve(
            paths: [try Self.fleet(in: folder, clusters: ["c1"])], app: nil, cluster: nil, selector: nil, store: store,
            trees: MemoryTrees())
        let vanished = try second.vanishedTargets()
        #expect(vanished.decisions.map(\.target.id) == ["web-c2@c2"])
        #expect(vanished.deletesAny)
        let retired = await vanished.carryOut(with: engine, store: store)
        #expect(retired.succeeded)
        #expect(retired.text.contains("Application web-c2 on cluster c2: no longer generated; deleted"))
        #expect(clusters[1].keys.isEmpty)
        #expect(clusters[0].keys.count == 2)
        #expect(store.recorded.keys.sorted() == ["web-c1@c1"])
        #expect(store.history.last?.message == "deleted: no longer generated")
    }
}
