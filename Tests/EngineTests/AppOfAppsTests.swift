import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Registry
import Testing

/// App of apps: the Applications a target renders join the fleet as its children, by rules
/// that keep a repository's author inside the parent's bounds.
@Suite("App of apps: children rendered by a parent target")
struct AppOfAppsTests {
    /// A root Application rendering `apps/root` on `c1`, whose folder holds `children` (name →
    /// the child's document) and a ConfigMap; each child renders `apps/leaf` (one ConfigMap).
    static func fleet(in folder: TemporaryFolder, children: [String: String], prune: Bool = true) throws -> String {
        _ = try folder.write(
            "apps/root/own.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: root-own}\ndata: {k: v}\n")
        for (name, document) in children { _ = try folder.write("apps/root/\(name).yaml", document) }
        _ = try folder.write(
            "apps/leaf/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: leaf}\ndata: {k: v}\n")
        return try folder.write(
            "fleets/root.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: root}
            spec:
              project: default
              source: {repoURL: ../apps, path: root}
              destination: {name: c1, namespace: root}
              syncPolicy: {automated: {prune: \(prune)}}
            """)
    }

    /// A child Application `name` of `project` from `repoURL`'s `path`, to `cluster`.
    static func child(
        _ name: String, project: String = "default", repoURL: String = "../apps", path: String = "leaf",
        cluster: String = "c1", finalizer: Bool = true
    ) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: \(name)
          namespace: argocd
        \(finalizer ? "  finalizers: [resources-finalizer.argocd.argoproj.io]" : "")
        spec:
          project: \(project)
          source: {repoURL: '\(repoURL)', path: \(path)}
          destination: {name: \(cluster), namespace: \(name)}
        """
    }

    static let clusters = [Cluster(name: "c1", server: "https://c1"), Cluster(name: "c2", server: "https://c2")]

    static func pipeline(_ file: String, store: MemoryStore, cluster: String? = nil) async throws -> FleetPipeline {
        try await FleetPipeline.resolve(
            paths: [file], app: nil, cluster: cluster, selector: nil, store: store, trees: MemoryTrees())
    }

    /// One unrecorded sync of `file` over a store holding `recorded`: the reports, and cluster `c1`.
    static func syncOnce(
        _ file: String, folder: TemporaryFolder, recorded: [TargetState] = []
    ) async throws -> (reports: [TargetReport], cluster: MemoryCluster) {
        let store = MemoryStore(clusters: Self.clusters, targets: recorded)
        let cluster = MemoryCluster("c1")
        let pipeline = try await Self.pipeline(file, store: store)
        let reports = await pipeline.run(
            pipeline.targets, with: PipelineTests.engine([cluster, MemoryCluster("c2")], folder: folder),
            mode: .sync(prune: nil), recording: nil
        ) { _ in }
        return (reports, cluster)
    }

    /// `flotilla sync` of `file` as a command runs it: resolved afresh, with an engine of its
    /// own (a renderer remembers what it rendered), recorded in `store`.
    @discardableResult
    static func sync(
        _ file: String, store: MemoryStore, clusters: [MemoryCluster], folder: TemporaryFolder
    ) async throws -> (pipeline: FleetPipeline, reports: [TargetReport]) {
        let pipeline = try await Self.pipeline(file, store: store)
        let reports = await pipeline.run(
            pipeline.targets, with: PipelineTests.engine(clusters, folder: folder), mode: .sync(prune: nil),
            recording: .sync(by: .automated)
        ) { _ in }
        return (pipeline, reports)
    }

    @Test("children are synced after their parent, recorded with it as parent; their manifests are not applied")
    func childrenSync() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(
            in: folder, children: ["a": Self.child("a"), "b": Self.child("b", cluster: "c2"), "c": Self.child("c")])
        let store = MemoryStore(clusters: Self.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        let pipeline = try await Self.pipeline(file, store: store)
        let reports = await pipeline.run(
            pipeline.targets, with: PipelineTests.engine(clusters, folder: folder), mode: .sync(prune: nil),
            recording: .sync(by: .automated), warn: { Issue.record("not recorded: \($0)") })
        #expect(reports.map(\.target.id) == ["root@c1", "a@c1", "b@c2", "c@c1"])
        #expect(reports.allSatisfy { $0.error.isEmpty }, "\(reports.map(\.error))")
        #expect(
            clusters[0].keys.map(\.description).sorted() == [
                "ConfigMap/a/leaf", "ConfigMap/c/leaf", "ConfigMap/root/root-own",
            ])
        #expect(clusters[1].keys.map(\.description) == ["ConfigMap/b/leaf"])
        #expect(store.recorded["a@c1"]?.parent == "root@c1")
        #expect(store.recorded["a@c1"]?.finalizesResources == true)
        #expect(store.recorded["root@c1"]?.parent == nil)
        #expect(pipeline.childTargets.map(\.id) == ["a@c1", "b@c2", "c@c1"])
    }

    @Test("a child the parent no longer renders is retired: objects deleted with the finalizer and a pruning parent")
    func retiredChildren() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(
            in: folder, children: ["a": Self.child("a"), "b": Self.child("b", finalizer: false), "c": Self.child("c")])
        let store = MemoryStore(clusters: Self.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        try FileManager.default.removeItem(atPath: folder.path + "/apps/root/a.yaml")
        try FileManager.default.removeItem(atPath: folder.path + "/apps/root/b.yaml")

        let (second, _) = try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        let vanished = try second.vanishedTargets()
        #expect(vanished.decisions.map(\.target.id) == ["a@c1", "b@c1"])
        #expect(vanished.decisions.first?.decision == .delete)
        #expect(
            vanished.decisions.last?.decision
                == .forget("its parent root@c1 no longer renders it; without the resources finalizer its objects stay"))
        _ = await vanished.carryOut(with: PipelineTests.engine(clusters, folder: folder), store: store)
        #expect(store.recorded.keys.sorted() == ["c@c1", "root@c1"])
        #expect(!clusters[0].keys.map(\.description).contains("ConfigMap/a/leaf"))
        #expect(clusters[0].keys.map(\.description).contains("ConfigMap/b/leaf"), "no finalizer: its objects stay")
    }

    @Test(
        "a parent whose render fails keeps its children, run as applied; one that does not prune leaves their objects")
    func failedRenderKeepsChildren() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, children: ["a": Self.child("a")], prune: false)
        let store = MemoryStore(clusters: Self.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        _ = try folder.write("apps/root/broken.yaml", "kind: [unclosed\n")
        let (broken, reports) = try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        #expect(reports.map(\.target.id) == ["root@c1", "a@c1"], "its children still run")
        #expect(try broken.vanishedTargets().decisions.isEmpty)

        try FileManager.default.removeItem(atPath: folder.path + "/apps/root/broken.yaml")
        try FileManager.default.removeItem(atPath: folder.path + "/apps/root/a.yaml")
        let (without, _) = try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        #expect(
            try without.vanishedTargets().decisions.map(\.decision) == [
                .forget("its parent root@c1 no longer renders it and does not prune; its objects stay")
            ])
        #expect(try without.vanishedTargets(prune: true).decisions.map(\.decision) == [.delete])
    }

    @Test(
        "refused children: another project, a foreign local source, a cycle, an unregistered cluster, an invalid document",
        arguments: [
            (Self.child("x", project: "other"), "names project \"other\"; a child stays in its parent's project"),
            (Self.child("x", repoURL: "/etc"), "its source /etc is local; a child's local source can only be"),
            (Self.child("root"), "a cycle: root → root"),
            (Self.child("x", cluster: "nowhere"), "its destination cluster \"nowhere\" is not registered"),
            ("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: x}\nspec: {}\n", "root:x.yaml"),
        ])
    func refusals(document: String, expected: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, children: ["x": document, "ok": Self.child("ok")])
        let (reports, cluster) = try await Self.syncOnce(file, folder: folder)
        #expect(reports.map(\.target.id) == ["root@c1", "ok@c1"], "the others are admitted")
        #expect(reports.first?.error.contains(expected) == true, "\(reports.first?.error ?? "")")
        #expect(cluster.keys.map(\.description).contains("ConfigMap/ok/leaf"))
    }

    @Test("a child document is one of its parent's objects: the parent's project must permit its kind and namespace")
    func parentProjectRules() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try Self.fleet(in: folder, children: ["x": Self.child("x", project: "team")])
        let file = try folder.write(
            "fleets/root.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            spec:
              sourceRepos: ['*']
              destinations: [{name: c1, namespace: '*'}]
              namespaceResourceWhitelist: [{group: '', kind: ConfigMap}]
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: root}
            spec:
              project: team
              source: {repoURL: ../apps, path: root}
              destination: {name: c1, namespace: root}
              syncPolicy: {automated: {prune: true}}
            """)
        let (reports, cluster) = try await Self.syncOnce(file, folder: folder)
        #expect(reports.map(\.target.id) == ["root@c1"], "the child is refused")
        #expect(
            reports.first?.error
                == "child Application x (root:x.yaml): forbidden: project \"team\" does not permit namespace-scoped "
                + "argoproj.io/Application (namespaceResourceWhitelist holds \"\"/ConfigMap)")
        #expect(cluster.keys.map(\.description) == ["ConfigMap/root/root-own"], "the parent's own objects are synced")
    }

    @Test("a child rendering its ancestor is a cycle; children deeper than five levels are not followed")
    func cyclesAndDepth() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // root → level1 → level2 → … each rendering the next; level2 also renders root (a cycle).
        let file = try Self.fleet(in: folder, children: ["level1": Self.child("level1", path: "level1")])
        for level in 1...6 {
            _ = try folder.write(
                "apps/level\(level)/next.yaml", Self.child("level\(level + 1)", path: "level\(level + 1)"))
        }
        _ = try folder.write("apps/level2/back.yaml", Self.child("root", path: "root"))
        _ = try folder.write(
            "apps/level7/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {k: v}\n")
        let (reports, _) = try await Self.syncOnce(file, folder: folder)
        #expect(reports.map(\.target.application.name) == ["root", "level1", "level2", "level3", "level4", "level5"])
        let level2 = reports.first { $0.target.application.name == "level2" }
        #expect(level2?.error.contains("a cycle: root → level1 → level2 → root") == true, "\(level2?.error ?? "")")
        let level5 = reports.last
        #expect(level5?.error.contains("followed at most 5 levels deep") == true, "\(level5?.error ?? "")")
    }

    @Test("a parent rendering more than 1,000 children has the first 1,000 followed and says so")
    func childrenAreBounded() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let many = (0...ChildTargets.maxChildren).map { Self.child("app-\($0)") }.joined(separator: "\n---\n")
        let file = try Self.fleet(in: folder, children: ["many": many])
        let (reports, _) = try await Self.syncOnce(file, folder: folder)
        #expect(reports.count == 1 + ChildTargets.maxChildren)
        #expect(
            reports.first?.error
                == "more than 1000 child Applications: app-1000 and those after it are not followed")
    }

    @Test("a child may not take the name of a target recorded from other fleet files or another parent")
    func recordedNamesAreTaken() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, children: ["web": Self.child("web"), "db": Self.child("db")])
        let elsewhere = TargetState(
            application: "web", cluster: "c2", applicationSet: nil, syncStatus: .synced, health: .healthy,
            healthMessage: "", revision: nil, message: "", reconciledAt: Date(), fleetFile: "/other/team.yaml")
        var otherChild = elsewhere
        otherChild.application = "db"
        otherChild.parent = "other-root@c2"
        let (reports, cluster) = try await Self.syncOnce(file, folder: folder, recorded: [elsewhere, otherChild])
        #expect(reports.map(\.target.id) == ["root@c1"])
        let error = reports.first?.error ?? ""
        #expect(
            error.contains(
                "child Application web (root:web.yaml): an Application of that name is recorded from the fleet files"),
            "\(error)")
        #expect(error.contains("an Application of that name is recorded as a child of other-root@c2"), "\(error)")
        #expect(!cluster.keys.map(\.description).contains("ConfigMap/web/leaf"))
    }

    @Test("a parent with a refused child keeps its other recorded children; a matrix bomb is cut while it is built")
    func refusedChildKeepsTheRest() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, children: ["a": Self.child("a"), "b": Self.child("b")])
        let store = MemoryStore(clusters: Self.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        // b becomes an ApplicationSet whose matrix would make 10^8 Applications.
        let list = { (key: String) in
            "{list: {elements: [" + (0..<10_000).map { "{\(key): '\($0)'}" }.joined(separator: ", ") + "]}}"
        }
        _ = try folder.write(
            "apps/root/b.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: bomb}
            spec:
              generators: [{matrix: {generators: [\(list("x")), \(list("y"))]}}]
              template:
                metadata: {name: 'b-<<x>>-<<y>>'}
                spec:
                  project: default
                  source: {repoURL: ../apps, path: leaf}
                  destination: {name: c1, namespace: b}
            """)
        let started = ContinuousClock.now
        let (second, reports) = try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(reports.first?.error.contains("more than 1000 param sets") == true, "\(reports.first?.error ?? "")")
        #expect(try second.vanishedTargets().decisions.isEmpty, "b is kept while its parent has a refused child")
    }

    @Test("children come with their parent: not when its sync failed, nor when it is left OutOfSync")
    func childrenFollowAnAcceptedParent() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, children: ["a": Self.child("a")])
        let store = MemoryStore(clusters: Self.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        let pipeline = try await Self.pipeline(file, store: store)
        let compared = await pipeline.run(
            pipeline.targets, with: PipelineTests.engine(clusters, folder: folder),
            mode: .reconcile(decide: { _ in false }), recording: nil
        ) { _ in }
        #expect(compared.map(\.target.id) == ["root@c1"], "a parent left OutOfSync brings no child")
        #expect(clusters[0].keys.isEmpty)
        let gated = await pipeline.run(
            pipeline.targets, with: PipelineTests.engine(clusters, folder: folder), mode: .sync(prune: nil),
            recording: nil, acceptsChildren: { _ in false }
        ) { _ in }
        #expect(gated.map(\.target.id) == ["root@c1"], "a gate closed for the parent holds its children back")
    }

    @Test("a grandchild stays while its parent stays, even when the root's render failed")
    func grandchildrenStay() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, children: ["mid": Self.child("mid", path: "mid")])
        _ = try folder.write("apps/mid/leaf.yaml", Self.child("leaf"))
        let store = MemoryStore(clusters: Self.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        #expect(store.recorded.keys.sorted() == ["leaf@c1", "mid@c1", "root@c1"])
        _ = try folder.write("apps/root/broken.yaml", "kind: [unclosed\n")
        let (broken, _) = try await Self.sync(file, store: store, clusters: clusters, folder: folder)
        #expect(try broken.vanishedTargets().decisions.isEmpty)
    }

    @Test("a run selecting one cluster runs no child on another")
    func selectionBoundsChildren() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, children: ["a": Self.child("a"), "b": Self.child("b", cluster: "c2")])
        let store = MemoryStore(clusters: Self.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        let pipeline = try await Self.pipeline(file, store: store, cluster: "c1")
        let reports = await pipeline.run(
            pipeline.targets, with: PipelineTests.engine(clusters, folder: folder), mode: .sync(prune: nil),
            recording: nil
        ) { _ in }
        #expect(reports.map(\.target.id) == ["root@c1", "a@c1"])
        #expect(clusters[1].keys.isEmpty)
    }
}
