import Controller
import FleetModel
import FleetServer
import FleetTesting
import Foundation
import Registry
import Synchronization

@testable import Engine

/// A backend in memory for the API's tests: targets of two projects, a history, and actions
/// that record what they were asked.
final class FakeBackend: FleetBackend {
    struct Asked: Equatable {
        var action: TargetAction
        var target: String
        var initiator: SyncInitiator
    }

    let fleetTargets: [FleetTarget]
    let states: [TargetState]
    let live = LiveFleet()
    /// A registry of its own for the token routes.
    let folder: TemporaryFolder
    let registry: Registry
    private let state = Mutex<(asked: [Asked], busy: Set<String>)>(([], []))

    init() throws {
        folder = try TemporaryFolder()
        guard
            let registry = try Registry.open(
                home: FlotillaHome(path: folder.path + "/home"), environment: [:], create: true)
        else { throw CancellationError() }
        self.registry = registry
        fleetTargets = try [
            Self.target("web", project: "team-a", cluster: "prod"),
            Self.target("api", project: "team-b", cluster: "prod"),
            Self.target("evil.app", project: "team-a", cluster: "prod"),
        ]
        states = fleetTargets.map { target in
            TargetState(
                application: target.application.name, cluster: target.cluster,
                applicationSet: "\(target.application.name)-set",
                syncStatus: .synced, health: .healthy, healthMessage: "", revision: "abc",
                message: target.application.name == "evil.app" ? Self.markup : "",
                reconciledAt: Date(timeIntervalSince1970: 1_800_000_000))
        }
    }

    /// What a hostile object's status could say.
    static let markup = "<img src=x onerror=alert(1)>"

    static func target(_ name: String, project: String, cluster: String) throws -> FleetTarget {
        let documents = try YAMLLoader.load(
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: { name: "\(name)" }
            spec:
              project: \(project)
              source: { repoURL: "https://git.example.com/org/gitops.git", path: web }
              destination: { name: \(cluster), namespace: web }
            """, file: "fleet.yaml")
        let application = try Application(reading: documents[0].reader)
        return FleetTarget(
            application: application, applicationSet: nil, baseDirectory: "/fleet", cluster: cluster,
            fleetFile: "/fleet/fleet.yaml")
    }

    var asked: [Asked] { state.withLock { $0.asked } }

    func makeBusy(_ id: String) { state.withLock { _ = $0.busy.insert(id) } }

    func recordedTargets() throws -> [TargetState] { states }

    func recordedTarget(_ application: String, on cluster: String) throws -> TargetState? {
        states.first { $0.application == application && $0.cluster == cluster }
    }

    func clusters() throws -> [ClusterSummary] {
        [ClusterSummary(name: "prod", server: "https://prod:6443", labels: ["env": "prod"])]
    }

    func lastCycle() throws -> ControllerCycle? { nil }

    func holds() throws -> [SyncHold] { [] }

    /// A halted rollout of `web-set` (team-a's) and a completed one of `api-set` (team-b's).
    func rollouts() throws -> [RolloutRecord] {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        return [
            RolloutRecord(
                applicationSet: "api-set", revision: "abc", digest: "d", lastHealthyRevision: "abc", step: 0,
                stepCount: 1, state: .completed, startedAt: at, updatedAt: at),
            RolloutRecord(
                applicationSet: "web-set", revision: "def", digest: "d", lastHealthyRevision: "abc", step: 1,
                stepCount: 3, state: .halted, haltedTarget: "web@prod", haltReason: Self.markup, startedAt: at,
                updatedAt: at),
        ]
    }

    func history(of application: String, cluster: String) throws -> [SyncHistoryEntry] {
        var entry = SyncHistoryEntry(
            application: application, cluster: cluster, revision: "abc", startedAt: Date(timeIntervalSince1970: 0),
            finishedAt: Date(timeIntervalSince1970: 1), succeeded: true, message: "", objects: "[]",
            initiatedBy: .token("alice"))
        entry.id = 7
        return [entry]
    }

    func fleet() async -> (targets: [FleetTarget], running: Set<String>) { (fleetTargets, []) }

    func objects(of id: String) -> [ObjectView]? { nil }

    func perform(
        _ action: TargetAction, application: String, cluster: String, by initiator: SyncInitiator
    ) async throws(TargetActionError) -> TargetActionOutcome {
        let id = "\(application)@\(cluster)"
        if state.withLock({ $0.busy.contains(id) }) { throw .busy(application: application, cluster: cluster) }
        state.withLock { $0.asked.append(Asked(action: action, target: id, initiator: initiator)) }
        guard let target = fleetTargets.first(where: { $0.id == id }) else {
            throw .unknownTarget(application: application, cluster: cluster)
        }
        return TargetActionOutcome(
            report: TargetReport(
                target: target, comparison: nil, sync: nil, syncStatus: .synced, health: HealthAssessment(.healthy),
                error: "", startedAt: ContinuousClock.now, duration: .zero))
    }

    func refresh(application: String, cluster: String) async -> Bool {
        fleetTargets.contains { $0.id == "\(application)@\(cluster)" }
    }

    func liveness() async -> [String: ClusterLiveness] { [:] }

    func subscribe() -> (id: Int, events: AsyncStream<FleetEvent>) { live.subscribe() }

    func unsubscribe(_ id: Int) { live.unsubscribe(id) }

    func apiTokens() throws -> [ApiToken] { try registry.apiTokens() }

    func createToken(
        name: String, role: ApiRole, projects: [String], expiresAt: Date?
    ) throws
        -> (token: ApiToken, secret: String)
    {
        try registry.createToken(name: name, role: role, projects: projects, expiresAt: expiresAt, now: Date())
    }

    func revokeToken(named name: String) throws { try registry.revokeToken(named: name, now: Date()) }

    deinit { folder.remove() }
}

/// Tokens in memory: secret → identity; removing one revokes it.
final class FakeTokens: TokenVerifier {
    private let table = Mutex<[String: ApiIdentity]>([:])

    init(_ tokens: [String: ApiIdentity]) {
        table.withLock { $0 = tokens }
    }

    func revoke(_ secret: String) { _ = table.withLock { $0.removeValue(forKey: secret) } }

    func identity(presenting secret: String) throws -> ApiIdentity? { table.withLock { $0[secret] } }
}
