import FleetModel
import KubeClient
import Synchronization

/// Watches one cluster's tracked objects and reports every change that may be drift.
///
/// One watch per resource type in the set the controller gives (`watch(_:)`), each
/// selecting objects with the tracking label (`app.kubernetes.io/instance`, an `exists`
/// selector) in all namespaces. Each starts with a LIST (whose objects are what exists, not
/// changes), then watches from the list's resource version, moving on with every event
/// and BOOKMARK; when the server ends the watch (it does, after `timeoutSeconds`) it
/// resumes from the last version seen; after `410 Expired` (an ERROR event inside the
/// stream, or the answer's status) it lists again and reports what changed or disappeared
/// while it was away; after a failure (the cluster drops the connection, refuses it, or
/// answers an error) it waits with exponential backoff and jitter, then resumes.
///
/// Reported: ADDED, MODIFIED and DELETED of tracked objects (an object whose tracking id
/// names it, labelled by its Application), as `TrackedChange`s to `onChange`. Not reported:
/// events whose resource version was seen already (replays after a resume), and updates
/// that change only `status` or bookkeeping (`resourceVersion`, `managedFields`,
/// `generation`) — judged by a digest kept per object, so a ConfigMap or Secret, which
/// have no `generation`, are judged the same way as a Deployment.
///
/// Changes that Flotilla's own syncs make are reported too: the controller knows when it
/// synced a target, the watch does not.
///
/// Idle, it costs one open stream and two sleeping tasks per type: no polling.
public final class ClusterWatch: Sendable {
    /// The cluster's name, as changes and statuses carry it.
    public let cluster: String
    private let api: any KubeAPI
    private let options: WatchOptions
    private let clock: any Clock<Duration>
    private let onChange: @Sendable (TrackedChange) -> Void
    private let health: WatchHealth

    private struct Running {
        let type: ResourceType
        let task: Task<Void, Never>
    }

    private struct State {
        var running: [String: Running] = [:]
        var stopped = false
    }

    private let state = Mutex(State())

    /// A watch of the cluster `api` reaches, watching nothing until `watch(_:)`; each change
    /// goes to `onChange`, from the watch's own tasks (hand it on to a stream or an actor;
    /// do not block in it). `clock` times backoff and stalled watches.
    public init(
        api: any KubeAPI, options: WatchOptions = WatchOptions(), clock: any Clock<Duration> = ContinuousClock(),
        onChange: @escaping @Sendable (TrackedChange) -> Void
    ) {
        cluster = api.clusterName
        self.api = api
        self.options = options
        self.clock = clock
        self.onChange = onChange
        health = WatchHealth(cluster: api.clusterName)
    }

    deinit {
        for running in state.withLock({ $0.running.values }) { running.task.cancel() }
    }

    /// Watches exactly `types` from now on: starts a watch for each new type and stops the
    /// watches of types no longer in the set; a type already watched keeps its watch. Two
    /// versions of one resource (`apps/v1` and `apps/v1beta2` deployments) are watched once.
    public func watch(_ types: Set<ResourceType>) {
        var wanted: [String: ResourceType] = [:]
        for type in types.sorted(by: { $0.version < $1.version }) where wanted[type.description] == nil {
            wanted[type.description] = type
        }
        let stopped: [Task<Void, Never>] = state.withLock { state in
            guard !state.stopped else { return [] }
            var stopped: [Task<Void, Never>] = []
            for (name, running) in state.running where wanted[name] != running.type {
                stopped.append(running.task)
                state.running[name] = nil
                health.remove(name)
            }
            for (name, type) in wanted where state.running[name] == nil {
                health.add(name)
                let watcher = TypeWatcher(
                    cluster: cluster, type: type, api: api, options: options, clock: clock, health: health,
                    sink: onChange)
                state.running[name] = Running(type: type, task: Task { await watcher.run() })
            }
            return stopped
        }
        for task in stopped { task.cancel() }
    }

    /// The types watched now.
    public var types: Set<ResourceType> {
        state.withLock { Set($0.running.values.map(\.type)) }
    }

    /// Stops every watch, for good (a cluster removed from the registry, or shutdown).
    public func stop() {
        let tasks = state.withLock { state in
            state.stopped = true
            defer { state.running = [:] }
            return state.running.values.map(\.task)
        }
        for task in tasks { task.cancel() }
    }

    /// How the watches are doing.
    public var status: ClusterWatchStatus { health.status }
}
