import Controller
import Engine
import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Registry
import Synchronization

/// A fleet of three Applications on cluster `c1`, each a folder of two ConfigMaps: `auto`
/// (automated, prune), `heal` (automated, selfHeal) and `manual` (no automated sync), with a
/// controller over a store and a cluster in memory.
struct ControllerFixture {
    let folder: TemporaryFolder
    let fleetFile: String
    let cluster: MemoryCluster
    let store: MemoryStore
    let observer = RecordingObserver()
    let clock: ManualClock
    let controller: FleetController

    static let applications = ["auto", "heal", "manual"]

    init(
        clock: ManualClock = ManualClock(), settings: FleetController.Settings = FleetController.Settings(),
        probeFails: Bool = false, alsoObserving extra: (any ControllerObserver)? = nil,
        gate: @escaping @Sendable (_ verb: String, _ key: ResourceKey) async throws -> Void = { _, _ in }
    ) throws {
        folder = try TemporaryFolder()
        for app in Self.applications {
            try Self.writeManifests(app, value: "one", in: folder)
        }
        fleetFile = try folder.write("fleets/fleet.yaml", Self.fleet)
        let cluster = MemoryCluster("c1", probeFails: probeFails, gate: gate)
        self.cluster = cluster
        store = MemoryStore(clusters: [Cluster(name: "c1", server: "https://c1")])
        self.clock = clock
        let folder = self.folder
        controller = FleetController(
            source: .paths([fleetFile]), store: store, settings: settings, workDirectory: folder.path, clock: clock,
            random: { 0.5 }, observer: ObserverChain([observer] + (extra.map { [$0] } ?? []))
        ) {
            // Deadlines on the real clock: the manual one's sleepers are the controller's alone.
            Engine(renderer: SourceRenderer(cacheDirectory: folder.path + "/repos")) { _ in cluster }
        }
    }

    /// The ConfigMaps of `app` with `value` in their data.
    static func writeManifests(_ app: String, value: String, in folder: TemporaryFolder) throws {
        for index in 0..<2 {
            _ = try folder.write(
                "apps/\(app)/cm-\(index).yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-\(index)}\ndata: {k: \(value)}\n")
        }
    }

    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: auto}
        spec:
          project: default
          source: {repoURL: ../apps, path: auto}
          destination: {name: c1, namespace: auto}
          syncPolicy: {automated: {prune: true}}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: heal}
        spec:
          project: default
          source: {repoURL: ../apps, path: heal}
          destination: {name: c1, namespace: heal}
          syncPolicy: {automated: {prune: true, selfHeal: true}}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: manual}
        spec:
          project: default
          source: {repoURL: ../apps, path: manual}
          destination: {name: c1, namespace: manual}

        """

    /// The key of `app`'s first ConfigMap.
    static func key(_ app: String) -> ResourceKey {
        ResourceKey(group: "", kind: "ConfigMap", namespace: app, name: "cm-0")
    }

    /// The data value of `app`'s first ConfigMap on the cluster, if it is there.
    func value(_ app: String) -> String? {
        cluster.object(Self.key(app))?["data"]?["k"]?.stringValue
    }

    /// Someone changes `app`'s first ConfigMap on the cluster.
    func drift(_ app: String, to value: String = "changed by hand") {
        cluster.edit(Self.key(app)) { object in
            guard case .object(var members) = object else { return object }
            members["data"] = .object(["k": .string(value)])
            return .object(members)
        }
    }

    func remove() { folder.remove() }
}

/// What the controller told its observer.
final class RecordingObserver: ControllerObserver {
    private let state = Mutex<(reports: [(String, ReconcileTrigger, Bool)], problems: [String], cycles: Int)>(
        ([], [], 0))

    /// `(target, trigger, synced)` of each reconciled target, in order.
    var reconciled: [(target: String, trigger: ReconcileTrigger, synced: Bool)] {
        state.withLock { $0.reports.map { ($0.0, $0.1, $0.2) } }
    }
    var problems: [String] { state.withLock { $0.problems } }
    var cycles: Int { state.withLock { $0.cycles } }

    func reconciled(_ report: TargetReport, trigger: ReconcileTrigger) {
        state.withLock { $0.reports.append((report.target.id, trigger, report.sync != nil)) }
    }

    func cycleFinished(_ cycle: CycleSummary) {
        state.withLock { $0.cycles += 1 }
    }

    func problem(_ message: String) {
        state.withLock { $0.problems.append(message) }
    }
}

extension MemoryStore: ControllerStore {}
