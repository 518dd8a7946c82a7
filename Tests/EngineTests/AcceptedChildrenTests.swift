import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Reconcile
import Registry
import Testing

/// App of apps: a parent's child documents change with a sync of the parent, as Argo CD's
/// child Application resources do; until then its children follow what its last sync applied.
@Suite("App of apps: child documents wait for their parent's sync")
struct AcceptedChildrenTests {
    /// The fleet of `AppOfAppsTests` with child `a` on `apps/leaf`, synced once, and a second
    /// leaf `apps/leaf2` for a changed child to point at.
    struct Fixture {
        let folder: TemporaryFolder
        let store = MemoryStore(clusters: AppOfAppsTests.clusters)
        let clusters = [MemoryCluster("c1"), MemoryCluster("c2")]
        let file: String

        init() async throws {
            folder = try TemporaryFolder()
            file = try AppOfAppsTests.fleet(in: folder, children: ["a": AppOfAppsTests.child("a")])
            _ = try folder.write(
                "apps/leaf2/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: leaf2}\ndata: {k: v}\n")
            try await AppOfAppsTests.sync(file, store: store, clusters: clusters, folder: folder)
        }

        /// Child `a` moved to `apps/leaf2` and a new child `b`, in Git.
        func changeChildren() throws {
            _ = try folder.write("apps/root/a.yaml", AppOfAppsTests.child("a", path: "leaf2"))
            _ = try folder.write("apps/root/b.yaml", AppOfAppsTests.child("b"))
        }

        /// A run of the whole fleet in `mode`.
        func run(_ mode: EngineMode, recording: TargetRecorder.Recording?) async throws -> [TargetReport] {
            let pipeline = try await AppOfAppsTests.pipeline(file, store: store)
            return await pipeline.run(
                pipeline.targets, with: PipelineTests.engine(clusters, folder: folder), mode: mode,
                recording: recording
            ) { _ in }
        }
    }

    static func path(of id: String, in reports: [TargetReport]) -> String? {
        reports.first { $0.target.id == id }?.target.application.sources.first?.path
    }

    @Test("a sync records the child documents it applied; a parent without children records none")
    func syncRecordsThem() async throws {
        let fixture = try await Fixture()
        defer { fixture.folder.remove() }
        let store = fixture.store
        let stored = try #require(store.recorded["root@c1"]?.acceptedChildren)
        let accepted = try #require(AcceptedChildren(stored: stored))
        #expect(accepted.manifests.map { $0.object["metadata"]?["name"]?.stringValue } == ["a"])
        #expect(accepted.manifests.map(\.file) == ["a.yaml"])
        #expect(store.recorded["a@c1"]?.acceptedChildren == nil, "a leaf renders no child")
    }

    @Test("serve without an automated sync: changed children wait, the parent is OutOfSync and says what differs")
    func changesWaitForTheParentsSync() async throws {
        let fixture = try await Fixture()
        defer { fixture.folder.remove() }
        let (store, clusters) = (fixture.store, fixture.clusters)
        try fixture.changeChildren()

        let waiting = try await fixture.run(.reconcile(decide: { _ in false }), recording: .reconciliation(held: [:]))
        #expect(waiting.map(\.target.id) == ["root@c1", "a@c1"], "b is not applied yet")
        #expect(Self.path(of: "a@c1", in: waiting) == "leaf", "a follows what the last sync applied")
        let root = try #require(waiting.first)
        #expect(root.syncStatus == .outOfSync)
        #expect(
            root.message
                == "child Applications differ from Git (new Application/b; changed Application/a): a sync of the parent "
                + "applies them")
        #expect(store.recorded["root@c1"]?.syncStatus == .outOfSync)
        #expect(store.recorded["b@c1"] == nil)
        #expect(!clusters[0].keys.map(\.description).contains("ConfigMap/a/leaf2"))

        let synced = try await fixture.run(.sync(prune: nil), recording: .sync(by: .automated))
        #expect(synced.map(\.target.id) == ["root@c1", "a@c1", "b@c1"])
        #expect(synced.first?.syncStatus == .synced)
        #expect(synced.first?.message == "")
        #expect(Self.path(of: "a@c1", in: synced) == "leaf2")
        #expect(clusters[0].keys.map(\.description).contains("ConfigMap/a/leaf2"))
        let stored = try #require(store.recorded["root@c1"]?.acceptedChildren.flatMap(AcceptedChildren.init(stored:)))
        #expect(stored.manifests.compactMap { $0.object["metadata"]?["name"]?.stringValue } == ["a", "b"])
    }

    @Test("an automated sync applies changed children at once, though the parent's own objects did not change")
    func automatedParentAppliesThem() async throws {
        let fixture = try await Fixture()
        defer { fixture.folder.remove() }
        try fixture.changeChildren()
        let reports = try await fixture.run(.reconcile(decide: { _ in true }), recording: .reconciliation(held: [:]))
        #expect(reports.map(\.target.id) == ["root@c1", "a@c1", "b@c1"])
        #expect(reports.first?.syncStatus == .synced)
        #expect(Self.path(of: "a@c1", in: reports) == "leaf2")
    }

    @Test(
        "a comparison runs the children as applied, says what differs with each document's diff, records none of Git's")
    func comparisonKeepsTheApplied() async throws {
        let fixture = try await Fixture()
        defer { fixture.folder.remove() }
        let store = fixture.store
        let before = store.recorded["root@c1"]?.acceptedChildren
        try fixture.changeChildren()
        let reports = try await fixture.run(.diff, recording: .comparison)
        #expect(reports.map(\.target.id) == ["root@c1", "a@c1"])
        #expect(reports.first?.syncStatus == .outOfSync)
        let pending = try #require(reports.first?.pendingChildren)
        #expect(pending.summary == "new Application/b; changed Application/a")
        #expect(pending.diff.contains("--- applied/Application/a\n+++ git/Application/a\n"), "\(pending.diff)")
        #expect(pending.diff.contains("+    path: leaf2"), "\(pending.diff)")
        #expect(pending.diff.contains("+++ git/Application/b\n"), "\(pending.diff)")
        #expect(Self.path(of: "a@c1", in: reports) == "leaf")
        #expect(store.recorded["b@c1"] == nil, "no child of Git's is recorded before a sync applies it")
        #expect(store.recorded["root@c1"]?.acceptedChildren == before)
    }

    @Test("a run after another run applied the children, in one pipeline (serve's), reads them as applied now")
    func appliedSinceThePipelineBegan() async throws {
        let fixture = try await Fixture()
        defer { fixture.folder.remove() }
        try fixture.changeChildren()
        let pipeline = try await AppOfAppsTests.pipeline(fixture.file, store: fixture.store)
        let engine = PipelineTests.engine(fixture.clusters, folder: fixture.folder)
        let synced = await pipeline.run(
            pipeline.targets, with: engine, mode: .sync(prune: nil), recording: .sync(by: .automated)
        ) { _ in }
        #expect(synced.map(\.target.id) == ["root@c1", "a@c1", "b@c1"])
        let refreshed = await pipeline.run(
            pipeline.targets, with: engine, mode: .reconcile(decide: { _ in false }),
            recording: .reconciliation(held: [:])
        ) { _ in }
        #expect(refreshed.first?.syncStatus == .synced, "\(refreshed.first?.message ?? "")")
        #expect(refreshed.map(\.target.id) == ["root@c1", "a@c1", "b@c1"])
        #expect(Self.path(of: "a@c1", in: refreshed) == "leaf2")
    }

    /// `store`, except that reading one target's state fails (a registry that stopped answering
    /// between the run's start and a parent's report).
    struct UnreadableTargets: FleetStore {
        let store: MemoryStore
        struct Failure: Error {}
        func registeredClusters() throws -> [Cluster] { try store.registeredClusters() }
        func targets() throws -> [TargetState] { try store.targets() }
        func target(_ application: String, on cluster: String) throws -> TargetState? { throw Failure() }
        func record(_ updates: [TargetUpdate]) throws { try store.record(updates) }
        func forget(_ targets: [(application: String, cluster: String, entry: SyncHistoryEntry?)]) throws {
            try store.forget(targets)
        }
    }

    @Test(
        "a parent's record that cannot be read again keeps the documents on record at the start, never Git's unchecked")
    func unreadableRecordKeepsTheApplied() async throws {
        let fixture = try await Fixture()
        defer { fixture.folder.remove() }
        try fixture.changeChildren()
        let store = UnreadableTargets(store: fixture.store)
        let pipeline = try await FleetPipeline.resolve(
            paths: [fixture.file], app: nil, cluster: nil, selector: nil, store: store, trees: MemoryTrees())
        let reports = await pipeline.run(
            pipeline.targets, with: PipelineTests.engine(fixture.clusters, folder: fixture.folder),
            mode: .reconcile(decide: { _ in false }), recording: nil
        ) { _ in }
        #expect(reports.map(\.target.id) == ["root@c1", "a@c1"])
        #expect(Self.path(of: "a@c1", in: reports) == "leaf")
        #expect(reports.first?.pendingChildren?.summary == "new Application/b; changed Application/a")
    }

    @Test("a deny window holds a child-only change back from an automated sync, as it holds the parent's own")
    func windowsHoldThem() async throws {
        let fixture = try await Fixture()
        defer { fixture.folder.remove() }
        let fleet = try String(contentsOfFile: fixture.file, encoding: .utf8)
        _ = try fixture.folder.write(
            "fleets/root.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: default}
            spec:
              sourceRepos: ['*']
              destinations: [{name: '*', namespace: '*'}]
              clusterResourceWhitelist: [{group: '*', kind: '*'}]
              syncWindows:
              - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*']}
            ---
            \(fleet)
            """)
        try fixture.changeChildren()
        let reports = try await fixture.run(.reconcile(decide: { _ in true }), recording: .reconciliation(held: [:]))
        #expect(reports.map(\.target.id) == ["root@c1", "a@c1"])
        #expect(reports.first?.pendingChildren?.summary == "new Application/b; changed Application/a")
        #expect(Self.path(of: "a@c1", in: reports) == "leaf")
    }

    @Test("the stored form reads back; what differs is said by kind and name, the file aside")
    func storedForm() throws {
        let a = Manifest(object: ["kind": "Application", "metadata": ["name": "a"], "spec": ["x": 1]], file: "a.yaml")
        let set = Manifest(object: ["kind": "ApplicationSet", "metadata": ["name": "s"]], file: "s.yaml")
        let accepted = AcceptedChildren([a, set])
        #expect(AcceptedChildren(stored: accepted.stored) == accepted)
        #expect(AcceptedChildren(stored: "{\"not\": \"an array\"}") == nil)
        #expect(AcceptedChildren(stored: "[{\"file\": 1}]") == nil)
        var moved = a
        moved.file = "elsewhere.yaml"
        #expect(accepted.difference(from: [moved, set]) == nil)
        var changed = a
        changed.object = ["kind": "Application", "metadata": ["name": "a"], "spec": ["x": 2]]
        #expect(accepted.difference(from: [changed])?.summary == "changed Application/a; removed ApplicationSet/s")
    }
}
