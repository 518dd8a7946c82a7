import Controller
import Engine
import FleetModel
import Foundation
import Registry

/// What the API reads and does. `ServeBackend` is `flotilla serve`'s (the controller and the
/// registry); tests use one in memory.
public protocol FleetBackend: Sendable {
    /// Every recorded target.
    func recordedTargets() throws -> [TargetState]
    /// The recorded state of `application` on `cluster`, if any.
    func recordedTarget(_ application: String, on cluster: String) throws -> TargetState?
    /// The registered clusters.
    func clusters() throws -> [ClusterSummary]
    /// The controller's last finished cycle, if any.
    func lastCycle() throws -> ControllerCycle?
    /// Targets held after a rollback.
    func holds() throws -> [SyncHold]
    /// The progressive rollouts on record.
    func rollouts() throws -> [RolloutRecord]
    /// The plan of `applicationSet`'s rollout as the controller's last cycle resolved it, if any.
    func rolloutPlan(of applicationSet: String) async -> RolloutPlan?
    /// The sync history of one target, newest first.
    func history(of application: String, cluster: String) throws -> [SyncHistoryEntry]
    /// The fleet's targets, as the controller's last cycle resolved them, and those running now.
    func fleet() async -> (targets: [FleetTarget], running: Set<String>)
    /// The objects of target `id` as its last comparison found them.
    func objects(of id: String) -> [ObjectView]?
    /// Carries out an action now (see `FleetController.perform`).
    func perform(
        _ action: TargetAction, application: String, cluster: String, by initiator: SyncInitiator
    )
        async throws(TargetActionError) -> TargetActionOutcome
    /// Resumes a halted or aborted rollout (see `FleetController.resumeRollout`).
    func resumeRollout(
        named applicationSet: String, by initiator: SyncInitiator
    )
        async throws(RolloutActionError) -> RolloutActionOutcome
    /// Aborts an active rollout (see `FleetController.abortRollout`).
    func abortRollout(
        named applicationSet: String, by initiator: SyncInitiator
    )
        async throws(RolloutActionError) -> RolloutActionOutcome
    /// Reconciles one target soon; false when the fleet has no such target.
    func refresh(application: String, cluster: String) async -> Bool
    /// How each cluster's connection and watches are doing, by name (clusters not contacted yet are absent).
    func liveness() async -> [String: ClusterLiveness]
    /// Live events from now on (the stream ends when serve shuts down).
    func subscribe() -> (id: Int, events: AsyncStream<FleetEvent>)
    /// Ends subscription `id`.
    func unsubscribe(_ id: Int)
    /// Every API token, revoked and expired ones too (never a secret).
    func apiTokens() throws -> [ApiToken]
    /// A new token: its record and its secret, shown once.
    func createToken(
        name: String, role: ApiRole, projects: [String], expiresAt: Date?
    ) throws
        -> (token: ApiToken, secret: String)
    /// Revokes token `name`.
    func revokeToken(named name: String) throws
}

/// A registered cluster as the API lists it.
public struct ClusterSummary: Sendable, Equatable {
    /// Its name.
    public var name: String
    /// Its API server.
    public var server: String
    /// Its labels.
    public var labels: [String: String]

    /// A summary.
    public init(name: String, server: String, labels: [String: String]) {
        self.name = name
        self.server = server
        self.labels = labels
    }
}

/// How a cluster is doing as `flotilla serve` sees it.
public struct ClusterLiveness: Sendable, Equatable {
    /// Whether its last contact succeeded.
    public var reachable: Bool?
    /// Its Kubernetes version.
    public var version: String?
    /// The duration of its last request to it, in milliseconds.
    public var latencyMilliseconds: Int?
    /// How many kinds are watched, and how many of those watches are connected.
    public var watches: (kinds: Int, active: Int)?

    /// A liveness.
    public init(
        reachable: Bool? = nil, version: String? = nil, latencyMilliseconds: Int? = nil,
        watches: (kinds: Int, active: Int)? = nil
    ) {
        self.reachable = reachable
        self.version = version
        self.latencyMilliseconds = latencyMilliseconds
        self.watches = watches
    }

    public static func == (lhs: ClusterLiveness, rhs: ClusterLiveness) -> Bool {
        lhs.reachable == rhs.reachable && lhs.version == rhs.version
            && lhs.latencyMilliseconds == rhs.latencyMilliseconds && lhs.watches?.kinds == rhs.watches?.kinds
            && lhs.watches?.active == rhs.watches?.active
    }
}
