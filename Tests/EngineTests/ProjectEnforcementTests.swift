import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Testing

@Suite("AppProjects enforced by the pipeline: refused Applications, forbidden objects, sync windows")
struct ProjectEnforcementTests {
    /// A fleet of one Application `web` in project `team` on cluster `c1`, namespace
    /// `namespace`, rendering a ConfigMap there, plus `extra` objects; the project's spec is `project`.
    static func fleet(
        in folder: TemporaryFolder, namespace: String = "web", extra: String = "", project: String
    ) throws -> String {
        _ = try folder.write(
            "apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-0}\ndata: {k: v}\n" + extra)
        return try folder.write(
            "fleets/web.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: team
              source: {repoURL: ../apps, path: web}
              destination: {name: c1, namespace: \(namespace)}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            spec:
            \(project)

            """)
    }

    static let openProject = """
          sourceRepos: ['*']
          destinations: [{name: c1, namespace: 'web'}]
        """

    static func engine(
        _ cluster: MemoryCluster, folder: TemporaryFolder, now: String = "2026-12-05T12:00:00Z"
    ) -> Engine {
        let instant = TestDates.at(now)
        return Engine(
            now: { instant }, renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")
        ) { _, _ in cluster }
    }

    static func run(
        _ file: String, _ cluster: MemoryCluster, folder: TemporaryFolder, mode: EngineMode,
        now: String = "2026-12-05T12:00:00Z"
    ) async throws -> TargetReport {
        let store = MemoryStore(clusters: [Cluster(name: "c1", server: "https://c1.example.com")])
        let pipeline = try await FleetPipeline.resolve(
            paths: [file], app: nil, cluster: nil, selector: nil, store: store, trees: MemoryTrees())
        let reports = await pipeline.run(
            pipeline.targets, with: engine(cluster, folder: folder, now: now), mode: mode, recording: nil,
            warn: { _ in })
        return try #require(reports.first)
    }

    @Test("an Application whose project forbids its destination namespace is refused whole: nothing is written")
    func refusedDestination() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, namespace: "kube-system", project: Self.openProject)
        let cluster = MemoryCluster("c1")
        let report = try await Self.run(file, cluster, folder: folder, mode: .sync(prune: nil))
        #expect(
            report.error
                == "project \"team\" does not permit destination namespace \"kube-system\" on cluster \"c1\" "
                + "(https://c1.example.com) (destinations: {name: c1, namespace: web})")
        #expect(report.comparison == nil)
        #expect(cluster.keys.isEmpty)
    }

    @Test("a source repository the project does not list refuses the Application")
    func refusedSource() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(
            in: folder,
            project: "  sourceRepos: ['https://git.example.com/*']\n  destinations: [{server: '*', namespace: '*'}]")
        let cluster = MemoryCluster("c1")
        let report = try await Self.run(file, cluster, folder: folder, mode: .sync(prune: nil))
        #expect(report.error.hasPrefix("project \"team\" does not permit source repository ../apps"))
        #expect(cluster.keys.isEmpty)
    }

    @Test("forbidden objects (a cluster-scoped kind, a namespace not permitted) are refused alone; the rest syncs")
    func forbiddenObjects() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let extra = """
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: extra}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm-1, namespace: kube-system}
            data: {k: v}

            """
        let file = try Self.fleet(in: folder, extra: extra, project: Self.openProject)
        let cluster = MemoryCluster("c1")

        let diff = try await Self.run(file, cluster, folder: folder, mode: .diff)
        let forbidden = diff.comparison?.changes.filter { $0.action == .forbidden }.map(\.key.description)
        #expect(forbidden == ["ConfigMap/kube-system/cm-1", "Namespace/extra"])
        #expect(diff.syncStatus == .outOfSync)

        let report = try await Self.run(file, cluster, folder: folder, mode: .sync(prune: nil))
        #expect(cluster.keys.map(\.description) == ["ConfigMap/web/cm-0"])
        #expect(report.sync?.succeeded == false)
        #expect(
            report.error.hasPrefix("2 object(s) forbidden by the project, not written: ConfigMap/kube-system/cm-1: "))
        #expect(report.error.contains("project \"team\" does not permit destination namespace \"kube-system\""))
        let outcomes = report.sync?.outcomes.filter { $0.result == .failed }.map(\.message) ?? []
        #expect(
            outcomes.contains(
                "project \"team\" does not permit cluster-scoped \"\"/Namespace (clusterResourceWhitelist is empty)"))
    }

    @Test("CreateNamespace=true creates no Namespace when the project does not permit the kind")
    func createNamespace() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, project: Self.openProject)
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "destination: {name: c1, namespace: web}",
            with: "destination: {name: c1, namespace: web}\n  syncPolicy: {syncOptions: [CreateNamespace=true]}")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let cluster = MemoryCluster("c1")
        _ = try await Self.run(file, cluster, folder: folder, mode: .sync(prune: nil))
        #expect(cluster.keys.map(\.description) == ["ConfigMap/web/cm-0"])

        let permitting = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "destinations:", with: "clusterResourceWhitelist: [{group: '', kind: Namespace}]\n  destinations:")
        try permitting.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try folder.write(
            "apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-0}\ndata: {k: v2}\n")
        _ = try await Self.run(file, cluster, folder: folder, mode: .sync(prune: nil))
        #expect(cluster.keys.map(\.description) == ["ConfigMap/web/cm-0", "Namespace/web"])
    }

    static let denyAtNight = """
          sourceRepos: ['*']
          destinations: [{server: '*', namespace: '*'}]
          syncWindows:
          - {kind: deny, schedule: '0 22 * * *', duration: 1h, applications: ['*']}
        """

    @Test(
        "a deny window blocks manual and automated syncs while open, saying until when",
        arguments: [EngineMode.sync(prune: nil), .reconcile(decide: { _ in true })])
    func denyWindow(mode: EngineMode) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, project: Self.denyAtNight)
        let cluster = MemoryCluster("c1")
        let blocked = try await Self.run(file, cluster, folder: folder, mode: mode, now: "2026-12-05T22:30:00Z")
        #expect(
            blocked.message
                == "sync blocked by project \"team\": the deny window \"0 22 * * *\" for 1h is open "
                + "until 2026-12-05T23:00:00Z")
        // A person's sync held back fails; an automated one is not a failure, only held back.
        #expect(blocked.error.isEmpty == !mode.isManualSync)
        #expect((blocked.syncBlock == nil) == mode.isManualSync)
        #expect(blocked.syncStatus == .outOfSync)
        #expect(cluster.keys.isEmpty)

        let after = try await Self.run(file, cluster, folder: folder, mode: mode, now: "2026-12-05T23:00:00Z")
        #expect(after.error.isEmpty)
        #expect(cluster.keys.map(\.description) == ["ConfigMap/web/cm-0"])
    }

    @Test("manualSync lets a person's sync through a deny window, not an automated one")
    func manualSync() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let project = Self.denyAtNight.replacingOccurrences(
            of: "applications: ['*']", with: "applications: ['*'], manualSync: true")
        let file = try Self.fleet(in: folder, project: project)
        let cluster = MemoryCluster("c1")
        let automated = try await Self.run(
            file, cluster, folder: folder, mode: .reconcile(decide: { _ in true }), now: "2026-12-05T22:30:00Z")
        #expect(automated.syncBlock?.hasPrefix("sync blocked by project \"team\"") == true)
        #expect(cluster.keys.isEmpty)
        let manual = try await Self.run(
            file, cluster, folder: folder, mode: .sync(prune: nil), now: "2026-12-05T22:30:00Z")
        #expect(manual.error.isEmpty)
        #expect(cluster.keys.map(\.description) == ["ConfigMap/web/cm-0"])
    }

    @Test("a window blocks no comparison: diff reports as usual")
    func diffIsNotBlocked() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, project: Self.denyAtNight)
        let report = try await Self.run(
            file, MemoryCluster("c1"), folder: folder, mode: .diff, now: "2026-12-05T22:30:00Z")
        #expect(report.error.isEmpty)
        #expect(report.syncStatus == .outOfSync)
    }

    @Test("an Application naming an undefined project is an invalid fleet, with the file and line")
    func unknownProject() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try Self.fleet(in: folder, project: Self.openProject)
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "project: team", with: "project: teams")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let store = MemoryStore(clusters: [Cluster(name: "c1", server: "https://c1.example.com")])
        do {
            _ = try await FleetPipeline.resolve(
                paths: [file], app: nil, cluster: nil, selector: nil, store: store, trees: MemoryTrees())
            Issue.record("an undefined project was accepted")
        } catch {
            #expect(
                "\(error)"
                    == "\(file):5:12: Application web: spec.project: project \"teams\" is not defined in the fleet "
                    + "(AppProjects: default, team)")
        }
    }
}

/// Dates in tests.
enum TestDates {
    static func at(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("bad test date \(text)") }
        return date
    }
}

extension EngineMode {
    /// Whether this is a person's sync (`flotilla sync`).
    fileprivate var isManualSync: Bool {
        if case .sync = self { return true }
        return false
    }
}
