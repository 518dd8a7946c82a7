import FleetModel
import Foundation
import KubeClient
import Reconcile

/// Reconciles many targets: one lane per cluster (its targets write one after another; their
/// waits for health overlap), lanes running at once up to a global bound, each target under a
/// deadline. A cluster that is
/// down, slow or failing costs its own lane only; its targets report why.
public struct Engine: Sendable {
    /// Lanes (clusters) worked on at once.
    public var concurrency: Int
    /// How long one target may take.
    public var deadline: Duration
    /// How long to wait for health after a sync.
    public var healthTimeout: Duration
    /// The clock deadlines are measured on (a manual one in tests).
    public var clock: any Clock<Duration>
    private let connect: @Sendable (String) throws -> any KubeAPI
    let renderer: SourceRenderer

    /// An engine reaching clusters through `connect` (cluster name → client).
    public init(
        concurrency: Int = 32, deadline: Duration = .seconds(300), healthTimeout: Duration = .seconds(120),
        clock: any Clock<Duration> = ContinuousClock(), renderer: SourceRenderer,
        connect: @escaping @Sendable (String) throws -> any KubeAPI
    ) {
        self.concurrency = concurrency
        self.deadline = deadline
        self.healthTimeout = healthTimeout
        self.clock = clock
        self.renderer = renderer
        self.connect = connect
    }

    /// A client of the cluster `name`.
    func client(_ name: String) throws -> any KubeAPI { try connect(name) }

    /// Works through `targets` in `mode`; reports come back in the order of `targets`.
    public func run(
        _ targets: [FleetTarget], mode: EngineMode, onEvent: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) async -> [TargetReport] {
        let lanes = Dictionary(grouping: targets.indices) { targets[$0].cluster }.sorted { $0.key < $1.key }
        let engine = self
        let results = await lanes.map(\.value).concurrentMap(limit: concurrency) { indices in
            await engine.runLane(indices.map { targets[$0] }, mode: mode, onEvent: onEvent).enumerated().map {
                (indices[$0.offset], $0.element)
            }
        }
        var reports = [TargetReport?](repeating: nil, count: targets.count)
        for (index, report) in results.joined() { reports[index] = report }
        return reports.compactMap { $0 }
    }

    /// One cluster's targets in order. The cluster is probed first: when it cannot be reached
    /// or refuses us, every target reports that at once instead of timing out one by one.
    private func runLane(
        _ targets: [FleetTarget], mode: EngineMode, onEvent: @escaping @Sendable (EngineEvent) -> Void
    ) async -> [TargetReport] {
        guard let cluster = targets.first?.cluster else { return [] }
        let clock = ContinuousClock()
        // Whatever finishes after a cancellation (Ctrl-C) was cut short: marked, not to be recorded.
        let finish = { @Sendable (report: TargetReport) -> TargetReport in
            var report = report
            report.cancelled = report.cancelled || Task.isCancelled
            onEvent(.finished(report))
            return report
        }
        let api: any KubeAPI
        do {
            api = try connect(cluster)
        } catch {
            return targets.map { finish(failed($0, "cluster \"\(cluster)\": \(error)", started: clock.now)) }
        }
        let health = await ClusterProbe.check(api)
        if !health.healthy {
            let reason = health.error?.description ?? "cluster \"\(cluster)\" is unhealthy"
            return targets.map { finish(failed($0, reason, started: clock.now)) }
        }
        // One list per kind for the whole lane instead of one per target; each target's sync
        // only touches objects labelled for it, so the snapshot stays right for the others.
        let tracked = try? await TrackedObjects.list(api, applications: targets.map(\.application.name))
        // Targets write in order; the next one starts as soon as this one has applied, so
        // their waits for health (rollouts) overlap instead of adding up.
        let engine = self
        return await withTaskGroup(of: (Int, TargetReport).self) { group in
            var reports = [TargetReport?](repeating: nil, count: targets.count)
            for (index, target) in targets.enumerated() {
                guard !Task.isCancelled else {
                    reports[index] = finish(engine.failed(target, "cancelled", started: clock.now))
                    continue
                }
                let applied = Turnstile()
                group.addTask {
                    onEvent(.started(target))
                    let report = await engine.runTarget(
                        target, api: api, mode: mode, tracked: tracked, whenApplied: applied.open)
                    applied.open()
                    return (index, finish(report))
                }
                await applied.wait()
            }
            for await (index, report) in group { reports[index] = report }
            return reports.compactMap { $0 }
        }
    }

    /// One target under the deadline: on expiry its work is cancelled (aborting its requests).
    private func runTarget(
        _ target: FleetTarget, api: any KubeAPI, mode: EngineMode, tracked: TrackedObjects?,
        whenApplied: @escaping @Sendable () -> Void
    ) async -> TargetReport {
        let started = ContinuousClock.now
        let engine = self
        return await withDeadline(deadline, on: clock) {
            await engine.work(
                target, api: api, mode: mode, tracked: tracked, started: started, whenApplied: whenApplied)
        } stopped: { why in
            engine.failed(target, why, started: started)
        }
    }

    private func work(
        _ target: FleetTarget, api: any KubeAPI, mode: EngineMode, tracked: TrackedObjects?,
        started: ContinuousClock.Instant, whenApplied: @escaping @Sendable () -> Void
    ) async -> TargetReport {
        let reconciler = Reconciler(api: api, renderer: renderer)
        let comparison: Comparison
        do {
            comparison = try await reconciler.compare(
                target.application, baseDirectory: target.baseDirectory, tracked: tracked, showsCreates: !mode.syncs)
        } catch {
            return failed(target, error.message, started: started)
        }
        // An object that could not be compared leaves the target Unknown: an error, and no sync.
        var report = TargetReport(
            target: target, comparison: comparison, sync: nil, syncStatus: comparison.syncStatus,
            health: Self.health(of: comparison), error: comparison.unknown.isEmpty ? "" : comparison.problems,
            startedAt: started, duration: started.duration(to: .now))
        guard case .sync(let prune) = mode, comparison.unknown.isEmpty,
            !comparison.isSynced || !comparison.hooks.isEmpty
        else { return report }
        do {
            let sync = try await reconciler.sync(
                target.application, comparison, prune: prune, healthTimeout: healthTimeout, whenApplied: whenApplied)
            report.sync = sync
            report.health = sync.health
            let pruningHeldBack =
                comparison.changes.contains { $0.action == .delete }
                && !(prune ?? target.application.syncPolicy?.automated?.prune ?? false)
            report.syncStatus = sync.succeeded && !pruningHeldBack ? .synced : .outOfSync
            if !sync.succeeded { report.error = sync.message }
        } catch {
            report.error = error.message
        }
        report.duration = started.duration(to: .now)
        return report
    }

    /// The health of what the comparison saw live (no new reads).
    static func health(of comparison: Comparison) -> HealthAssessment {
        HealthAssessment.worst(
            comparison.changes.filter { $0.desired != nil }.map { HealthAssessor.assess($0.live) })
    }

    private func failed(_ target: FleetTarget, _ error: String, started: ContinuousClock.Instant) -> TargetReport {
        TargetReport(
            target: target, comparison: nil, sync: nil, syncStatus: .unknown,
            health: HealthAssessment(.unknown, error), error: error, startedAt: started,
            duration: started.duration(to: .now))
    }
}
