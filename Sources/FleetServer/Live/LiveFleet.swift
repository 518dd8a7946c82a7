import Controller
import Engine
import Foundation
import KubeClient
import Registry
import Synchronization

/// The dashboard's view of the running controller: each target's objects as its last
/// comparison found them, and a broadcast of every reconciliation to the connected pages.
/// Subscribers that fall behind lose their oldest events (a page that reconnects refetches).
public final class LiveFleet: ControllerObserver {
    private let objects = Mutex<[String: [ObjectView]]>([:])
    /// Each cluster's last answered request (how long it took), or a failed one (nil), by name.
    private let contacts = Mutex<[String: Duration?]>([:])
    private let versions = Mutex<[String: String]>([:])
    private let subscribers = Mutex<(next: Int, all: [Int: AsyncStream<FleetEvent>.Continuation], closed: Bool)>(
        (0, [:], false))
    private let now: @Sendable () -> Date
    private let buffered: Int

    /// A live view; each subscriber keeps up to `buffered` events it has not read yet.
    public init(buffered: Int = 4096, now: @escaping @Sendable () -> Date = { Date() }) {
        self.buffered = buffered
        self.now = now
    }

    /// The objects of target `id` (`app@cluster`), when it was compared since serve started.
    public func objects(of id: String) -> [ObjectView]? {
        objects.withLock { $0[id] }
    }

    /// A stream of the events from now on, ended by `unsubscribe`, and its number.
    public func subscribe() -> (id: Int, events: AsyncStream<FleetEvent>) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: FleetEvent.self, bufferingPolicy: .bufferingNewest(buffered))
        let id = subscribers.withLock { state in
            state.next += 1
            if state.closed { continuation.finish() } else { state.all[state.next] = continuation }
            return state.next
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    /// Ends subscription `id`.
    public func unsubscribe(_ id: Int) {
        subscribers.withLock { $0.all.removeValue(forKey: id) }?.finish()
    }

    /// Ends every stream, and those subscribed later at once (serve is shutting down).
    public func close() {
        let all = subscribers.withLock { state in
            state.closed = true
            defer { state.all.removeAll() }
            return Array(state.all.values)
        }
        for continuation in all { continuation.finish() }
    }

    /// How many pages listen.
    public var subscriberCount: Int { subscribers.withLock { $0.all.count } }

    public func reconciled(_ report: TargetReport, trigger: ReconcileTrigger) {
        let target = report.target
        if report.comparison != nil {
            let views = ObjectView.objects(of: report)
            objects.withLock { $0[target.id] = views }
        }
        let state = TargetState(
            application: target.application.name, cluster: target.cluster, applicationSet: target.applicationSet,
            syncStatus: report.syncStatus, health: report.health.status, healthMessage: report.health.message,
            revision: report.comparison?.revision, message: report.message, reconciledAt: now())
        broadcast(
            .target(
                state, project: target.application.project, automated: target.application.syncPolicy?.automated != nil))
    }

    /// Hears a request to a cluster (a `KubeRequestObserver`): whether it is reachable, and
    /// how long its API takes to answer a read. Watches, which wait by design, are left out.
    public func request(_ record: KubeRequestRecord) {
        guard record.verb != "watch" else { return }
        let answered = record.responseCode != 0 && record.responseCode < 500
        contacts.withLock { $0[record.cluster] = answered ? record.duration : .some(nil) }
    }

    /// How each contacted cluster is doing, by name, with `watches` as the controller reports them.
    public func liveness(watches: [ClusterWatchStatus]) -> [String: ClusterLiveness] {
        var all: [String: ClusterLiveness] = [:]
        for (cluster, last) in contacts.withLock({ $0 }) {
            all[cluster] = ClusterLiveness(
                reachable: last != nil, latencyMilliseconds: last.map { Int($0 / .milliseconds(1)) })
        }
        for (cluster, version) in versions.withLock({ $0 }) {
            all[cluster, default: ClusterLiveness()].version = version
        }
        for status in watches {
            all[status.cluster, default: ClusterLiveness()].watches = (status.watchedTypes, status.openWatches)
        }
        return all
    }

    public func cycleFinished(_ cycle: CycleSummary) {
        versions.withLock { $0.merge(cycle.versions) { _, new in new } }
        let ids = Set(cycle.targets.map(\.id))
        objects.withLock { all in all = all.filter { ids.contains($0.key) } }
        broadcast(.cycle(finishedAt: now(), targets: cycle.targets.count))
    }

    public func problem(_ message: String) {}

    private func broadcast(_ event: FleetEvent) {
        for continuation in subscribers.withLock({ Array($0.all.values) }) { continuation.yield(event) }
    }
}
