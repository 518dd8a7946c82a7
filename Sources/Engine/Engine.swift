import FleetModel
import Foundation
import KubeClient
import Reconcile

/// Reconciles many targets: one lane per cluster (its targets compared, then synced, up to
/// `targetsPerCluster` at once, in the order `LaneOrder` keeps), lanes running at once up to a
/// global bound, each target's comparison and sync under a deadline. A cluster that is down,
/// slow or failing costs its own lane only; its targets report why.
public struct Engine: Sendable {
    /// Lanes (clusters) worked on at once.
    public var concurrency: Int
    /// At most this many targets of one cluster compared at once, and writing at once (their
    /// waits for health overlap beyond it); a lane's share of the run is often less (see
    /// `targetsAtOnce(lanesAtOnce:)`).
    public var targetsPerCluster: Int
    /// How long one target's comparison, and then its sync, may take (`sync --timeout`): on
    /// expiry that target fails and its work, a hanging `git fetch` included, is cancelled.
    public var deadline: Duration
    /// How long to wait for health after a sync, at most half the deadline (see `healthWait`).
    public var healthTimeout: Duration
    /// The clock deadlines are measured on (a manual one in tests).
    public var clock: any Clock<Duration>
    /// The wall clock sync windows are judged by (a fixed time in tests).
    public var now: @Sendable () -> Date
    let connect: @Sendable (String, Int) throws -> any KubeAPI
    /// How sources are fetched and rendered (its caches live as long as the engine).
    public let renderer: SourceRenderer

    /// An engine reaching clusters through `connect` (cluster name, and the connections its
    /// client may hold (see `connections(lanesAtOnce:)`) → client).
    public init(
        concurrency: Int = 32, targetsPerCluster: Int = 100, deadline: Duration = .seconds(300),
        healthTimeout: Duration = .seconds(120),
        clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() },
        renderer: SourceRenderer,
        connect: @escaping @Sendable (_ cluster: String, _ connections: Int) throws -> any KubeAPI
    ) {
        self.now = now
        self.concurrency = concurrency
        self.targetsPerCluster = max(1, targetsPerCluster)
        self.deadline = deadline
        self.healthTimeout = healthTimeout
        self.clock = clock
        self.renderer = renderer
        self.connect = connect
    }

    /// The wait for health a sync gets: `healthTimeout`, but never more than half the deadline,
    /// so that a target still rolling out when the wait ends is reported Progressing (as
    /// `kubectl rollout status` and Argo CD do) rather than failed by its deadline, and the
    /// other half is left for its writes and hooks.
    public var healthWait: Duration { min(healthTimeout, deadline / 2) }

    /// A client of the cluster `name`, as the engine reaches it.
    public func client(_ name: String) throws -> any KubeAPI {
        try connect(name, connections(lanesAtOnce: concurrency))
    }

    /// Works through `targets` in `mode`; reports come back in the order of `targets`.
    public func run(
        _ targets: [FleetTarget], mode: EngineMode, onEvent: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) async -> [TargetReport] {
        let lanes = Dictionary(grouping: targets.indices) { targets[$0].cluster }.sorted { $0.key < $1.key }
        let engine = self
        let connections = connections(lanesAtOnce: min(concurrency, lanes.count))
        let targetsAtOnce = targetsAtOnce(lanesAtOnce: min(concurrency, lanes.count))
        let results = await lanes.map(\.value).concurrentMap(limit: concurrency) { indices in
            await engine.runLane(
                indices.map { targets[$0] }, connections: connections, targetsAtOnce: targetsAtOnce, mode: mode,
                onEvent: onEvent
            ).enumerated().map {
                (indices[$0.offset], $0.element)
            }
        }
        var reports = [TargetReport?](repeating: nil, count: targets.count)
        for (index, report) in results.joined() { reports[index] = report }
        return reports.compactMap { $0 }
    }

    /// One cluster's targets, sharing its client (connections, request budget) and one listing
    /// of tracked objects. The cluster is probed first: when it cannot be reached or refuses
    /// us, every target reports that at once instead of timing out one by one. Then every
    /// target is compared, up to `targetsAtOnce` at once; those that need a sync then sync
    /// as many at once, in the order `LaneOrder` keeps.
    private func runLane(
        _ targets: [FleetTarget], connections: Int, targetsAtOnce: Int, mode: EngineMode,
        onEvent: @escaping @Sendable (EngineEvent) -> Void
    ) async -> [TargetReport] {
        guard let cluster = targets.first?.cluster else { return [] }
        let clock = ContinuousClock()
        // Whatever finishes after a cancellation (Ctrl-C) was cut short: marked, not to be recorded.
        // The event carries the whole report; the run keeps it without its objects.
        let finish = { @Sendable (report: TargetReport) -> TargetReport in
            var report = report
            report.cancelled = report.cancelled || Task.isCancelled
            onEvent(.finished(report))
            return report.withoutObjects
        }
        let unavailable = { @Sendable (reason: String) -> [TargetReport] in
            targets.map { target in
                var report = self.failed(target, reason, started: clock.now)
                report.clusterUnavailable = true
                return finish(report)
            }
        }
        let api: any KubeAPI
        do {
            api = try connect(cluster, connections)
        } catch {
            return unavailable("cluster \"\(cluster)\": \(error)")
        }
        let health = await ClusterProbe.check(api)
        if !health.healthy {
            return unavailable(health.error?.description ?? "cluster \"\(cluster)\" is unhealthy")
        }
        // One list per kind for the whole lane instead of one per target; each target's sync
        // only touches objects labelled for it, so the snapshot stays right for the others.
        // The lane's namespaces too: no GET for an object whose namespace is still to be made.
        let tracked = try? await TrackedObjects.list(
            api, applications: targets.map(\.application.name), namespaces: true)
        let engine = self
        var compared = await targets.concurrentMap(limit: targetsAtOnce) { target in
            guard !Task.isCancelled else { return engine.failed(target, "cancelled", started: clock.now) }
            onEvent(.started(target))
            return await engine.compareTarget(target, api: api, mode: mode, tracked: tracked)
        }
        var reports = [TargetReport?](repeating: nil, count: targets.count)
        var syncing: [Int] = []
        for (index, report) in compared.enumerated() {
            let wanted = needsSync(report, mode: mode)
            // A sync window of the project may hold back a sync the target needs: it says why and until when.
            if wanted, let block = report.target.policy.syncBlock(at: now(), manual: mode.isManual) {
                var blocked = report
                if mode.isManual { blocked.error = block } else { blocked.syncBlock = block }
                reports[index] = finish(blocked)
                compared[index] = report.withoutObjects
            } else if wanted {
                syncing.append(index)
            } else {
                reports[index] = finish(report)
                compared[index] = report.withoutObjects  // the lane keeps objects only for its syncs
            }
        }
        guard mode.syncs, !syncing.isEmpty else { return reports.compactMap { $0 } }
        let prune = mode.pruneOverride
        let order = LaneOrder(
            syncing,
            desired: Dictionary(
                uniqueKeysWithValues: syncing.map { index in
                    (index, compared[index].comparison?.changes.compactMap(\.desired) ?? [])
                }),
            createsNamespace: Dictionary(
                uniqueKeysWithValues: syncing.compactMap { index -> (Int, String)? in
                    let application = targets[index].application
                    guard SyncOptions(application.syncPolicy?.syncOptions ?? []).isTrue("CreateNamespace"),
                        let namespace = application.destination.namespace
                    else { return nil }
                    return (index, namespace)
                }))
        let applied = Dictionary(uniqueKeysWithValues: syncing.map { ($0, Turnstile()) })
        let finished = Dictionary(uniqueKeysWithValues: syncing.map { ($0, Turnstile()) })
        let slots = WriteSlots(targetsAtOnce)
        let reads = ListedReads(api, applications: syncing.map { targets[$0].application.name })
        await withTaskGroup(of: (Int, TargetReport).self) { group in
            for index in order.launch {
                await slots.take()
                guard !Task.isCancelled else {
                    reports[index] = finish(engine.failed(targets[index], "cancelled", started: clock.now))
                    applied[index]?.open()
                    finished[index]?.open()
                    continue
                }
                let target = compared[index]
                compared[index] = target.withoutObjects  // the sync holds the objects it needs
                group.addTask {
                    for other in order.afterApplied[index] ?? [] { await applied[other]?.wait() }
                    for other in order.afterFinished[index] ?? [] { await finished[other]?.wait() }
                    let report = await engine.syncTarget(
                        target, api: api, reads: reads, prune: prune,
                        whenApplied: {
                            applied[index]?.open()
                            slots.giveBack(index)
                        })
                    applied[index]?.open()
                    finished[index]?.open()
                    slots.giveBack(index)
                    return (index, finish(report))
                }
            }
            for await (index, report) in group { reports[index] = report }
        }
        return reports.compactMap { $0 }
    }

    /// Whether `report`'s comparison calls for a sync: in sync mode, every object compared, and
    /// something out of sync or hooks to run.
    private func needsSync(_ report: TargetReport, mode: EngineMode) -> Bool {
        guard mode.syncs, report.error.isEmpty, let comparison = report.comparison else { return false }
        return comparison.unknown.isEmpty && (!comparison.isSynced || !comparison.hooks.isEmpty) && mode.decides(report)
    }

    /// Compares one target under the deadline: on expiry its work is cancelled (aborting its requests).
    private func compareTarget(
        _ target: FleetTarget, api: any KubeAPI, mode: EngineMode, tracked: TrackedObjects?
    ) async -> TargetReport {
        let started = ContinuousClock.now
        return await RequestAttribution.$current.withValue(target.attribution) {
            await compareUnattributed(target, api: api, mode: mode, tracked: tracked, started: started)
        }
    }

    private func compareUnattributed(
        _ target: FleetTarget, api: any KubeAPI, mode: EngineMode, tracked: TrackedObjects?,
        started: ContinuousClock.Instant
    ) async -> TargetReport {
        let engine = self
        if let refusal = target.policy.refusal {
            // Nothing of an Application its project refuses is even rendered.
            return failed(target, refusal, started: started)
        }
        return await withDeadline(deadline, on: clock) {
            let reconciler = Reconciler(api: api, renderer: engine.renderer)
            let comparison: Comparison
            do throws(ReconcileError) {
                comparison = try await reconciler.compare(
                    target.application, baseDirectory: target.baseDirectory, tracked: tracked,
                    showsCreates: !mode.syncs
                ).forbidding { key, _, type in target.policy.refusal(of: key, type: type) }
            } catch {
                return engine.failed(target, error.message, started: started)
            }
            // An object that could not be compared leaves the target Unknown: an error, and no sync.
            return TargetReport(
                target: target, comparison: comparison, sync: nil, syncStatus: comparison.syncStatus,
                health: Self.health(of: comparison), error: comparison.unknown.isEmpty ? "" : comparison.problems,
                startedAt: started, duration: started.duration(to: .now))
        } stopped: { why in
            engine.failed(target, why, started: started)
        }
    }

    /// Syncs one compared target under the deadline.
    private func syncTarget(
        _ compared: TargetReport, api: any KubeAPI, reads: ListedReads, prune: Bool?,
        whenApplied: @escaping @Sendable () -> Void
    ) async -> TargetReport {
        await RequestAttribution.$current.withValue(compared.target.attribution) {
            await syncUnattributed(compared, api: api, reads: reads, prune: prune, whenApplied: whenApplied)
        }
    }

    private func syncUnattributed(
        _ compared: TargetReport, api: any KubeAPI, reads: ListedReads, prune: Bool?,
        whenApplied: @escaping @Sendable () -> Void
    ) async -> TargetReport {
        let target = compared.target
        let engine = self
        return await withDeadline(deadline, on: clock) {
            var report = compared
            guard let comparison = compared.comparison else { return report }
            do throws(ReconcileError) {
                let sync = try await Reconciler(api: api, renderer: engine.renderer).sync(
                    target.policy.syncable(target.application), comparison, prune: prune,
                    healthTimeout: engine.healthWait,
                    whenApplied: whenApplied, reads: reads)
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
            report.duration = compared.startedAt.duration(to: .now)
            return report
        } stopped: { why in
            engine.failed(target, why, started: compared.startedAt)
        }
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

extension FleetTarget {
    /// Who the requests made for this target are for (metrics).
    var attribution: RequestAttribution {
        RequestAttribution(
            name: application.name, namespace: application.namespace ?? "", project: application.project)
    }
}
