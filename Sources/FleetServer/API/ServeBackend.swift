import Controller
import Engine
import FleetModel
import Foundation
import Registry

/// The API's backend in `flotilla serve`: recorded state from the registry, actions through
/// the controller, live views from `LiveFleet`.
public struct ServeBackend: FleetBackend {
    let registry: Registry
    let controller: FleetController
    let live: LiveFleet

    /// A backend over `registry`, `controller` and `live` (an observer of `controller`).
    public init(registry: Registry, controller: FleetController, live: LiveFleet) {
        self.registry = registry
        self.controller = controller
        self.live = live
    }

    public func recordedTargets() throws -> [TargetState] { try registry.targets() }

    public func recordedTarget(_ application: String, on cluster: String) throws -> TargetState? {
        try registry.target(application, on: cluster)
    }

    public func clusters() throws -> [ClusterSummary] {
        try registry.clusters().map { ClusterSummary(name: $0.name, server: $0.server, labels: $0.labels) }
    }

    public func lastCycle() throws -> ControllerCycle? { try registry.lastCycle() }

    public func holds() throws -> [SyncHold] { try registry.holds() }

    public func rollouts() throws -> [RolloutRecord] { try registry.rollouts() }

    public func rolloutPlan(of applicationSet: String) async -> RolloutPlan? {
        await controller.rolloutPlan(of: applicationSet)
    }

    public func history(of application: String, cluster: String) throws -> [SyncHistoryEntry] {
        try registry.history(of: application, cluster: cluster)
    }

    public func fleet() async -> (targets: [FleetTarget], running: Set<String>) {
        await controller.fleetSnapshot()
    }

    public func objects(of id: String) -> [ObjectView]? { live.objects(of: id) }

    public func perform(
        _ action: TargetAction, application: String, cluster: String, by initiator: SyncInitiator
    ) async throws(TargetActionError) -> TargetActionOutcome {
        try await controller.perform(action, application: application, cluster: cluster, by: initiator)
    }

    public func resumeRollout(
        named applicationSet: String, by initiator: SyncInitiator
    ) async throws(RolloutActionError) -> RolloutActionOutcome {
        try await controller.resumeRollout(named: applicationSet, by: initiator)
    }

    public func abortRollout(
        named applicationSet: String, by initiator: SyncInitiator
    ) async throws(RolloutActionError) -> RolloutActionOutcome {
        try await controller.abortRollout(named: applicationSet, by: initiator)
    }

    public func refresh(application: String, cluster: String) async -> Bool {
        await controller.refresh(application: application, cluster: cluster)
    }

    public func liveness() async -> [String: ClusterLiveness] {
        live.liveness(watches: controller.watchStatuses)
    }

    public func subscribe() -> (id: Int, events: AsyncStream<FleetEvent>) { live.subscribe() }

    public func unsubscribe(_ id: Int) { live.unsubscribe(id) }

    public func apiTokens() throws -> [ApiToken] { try registry.apiTokens() }

    public func createToken(
        name: String, role: ApiRole, projects: [String], expiresAt: Date?
    ) throws
        -> (token: ApiToken, secret: String)
    {
        try registry.createToken(name: name, role: role, projects: projects, expiresAt: expiresAt, now: Date())
    }

    public func revokeToken(named name: String) throws { try registry.revokeToken(named: name, now: Date()) }
}
