import Engine
import FleetModel
import Foundation
import KubeClient
import Logging
import Registry
import Synchronization

/// The continuous reconciler of `flotilla serve`: the pipeline of `flotilla sync`, driven by a
/// refresh timer (interval ± jitter), by webhooks (`refresh(repositories:)`) and by watches
/// (`observed(_:)`) instead of a command. Automated Applications are synced as Argo CD's
/// automated sync does (`SyncDecision`); others are compared and recorded. A target is never
/// worked on twice at once: a trigger arriving while it runs runs it again afterwards.
///
/// `run()` works until `stop()` (in-flight runs finish; nothing new starts) or until its task
/// is cancelled (in-flight runs are cut short and not recorded).
public actor FleetController {
    /// How the controller paces itself.
    public struct Settings: Sendable {
        /// The refresh cycle.
        public var schedule: RefreshSchedule
        /// How long a watch-triggered check waits for more changes of the same target.
        public var debounce: Duration
        /// The backoff of heals that are undone again.
        public var healBackoff: HealBackoff
        /// Whether Git moving past a rolled-back target's revision resumes its automated sync.
        public var resumesOnNewRevision: Bool
        /// This process, as recorded with each cycle.
        public var pid: Int32

        /// Settings.
        public init(
            schedule: RefreshSchedule = RefreshSchedule(), debounce: Duration = .milliseconds(500),
            healBackoff: HealBackoff = HealBackoff(), resumesOnNewRevision: Bool = false,
            pid: Int32 = ProcessInfo.processInfo.processIdentifier
        ) {
            self.schedule = schedule
            self.debounce = debounce
            self.healBackoff = healBackoff
            self.resumesOnNewRevision = resumesOnNewRevision
            self.pid = pid
        }
    }

    let source: FleetSource
    let store: any ControllerStore
    let settings: Settings
    let makeEngine: @Sendable () -> Engine
    let workDirectory: String
    let clock: any Clock<Duration>
    let stopwatch: Stopwatch
    let random: @Sendable () -> Double
    let observer: any ControllerObserver
    let logger: Logger
    /// The watches of the clusters' tracked objects, and how to reach a cluster for them.
    let watches: FleetWatches?
    let connect: (@Sendable (String) throws -> any KubeAPI)?

    /// The targets of the last cycle, by id.
    var targets: [String: FleetTarget] = [:]
    /// The pipeline of the last cycle.
    var pipeline: FleetPipeline?
    /// The rollout plans of the last cycle's ApplicationSets with a RollingSync strategy, by name.
    var rolloutPlans: [String: RolloutPlan] = [:]
    /// Targets being worked on, and those to run again when they finish (with why).
    var running: [String: Int] = [:]
    /// The number of the last run (which run a running target belongs to).
    var runs = 0
    /// The runs that may write (all but drift checks and comparisons asked for).
    var writingRuns: Set<Int> = []
    /// Callers waiting for a target to be free, by target id.
    var waitingForTarget: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var again: [String: ReconcileTrigger] = [:]
    /// Watch-triggered checks waiting out their debounce or backoff, by target id.
    private var scheduled: [String: ReconcileTrigger] = [:]
    /// Checks waiting for the debounce together, by trigger.
    private var pending: [ReconcileTrigger: [String]] = [:]
    private var heals = HealTracker()
    private var backoff = ClusterBackoff()
    /// What each target's last sync attempt was made from (see `SyncDecision.attempt`).
    private var attempted: [String: String] = [:]
    /// The run each attempt came from: a late notice of an older run never overwrites a newer one.
    private var attemptRuns: [String: Int] = [:]
    private var work: AsyncStream<Job>.Continuation?
    private var sleeper: Task<Void, Never>?
    var stopping = false
    /// Each cluster's Kubernetes version, learnt once (for metrics).
    private var versions: [String: String] = [:]
    /// Whether a first cycle finished (`/readyz`).
    public private(set) var isReady = false
    /// When the last cycle finished.
    public private(set) var lastCycleAt: Date?

    enum Job: Sendable {
        case run([FleetTarget], ReconcileTrigger)
        case later([String], ReconcileTrigger, Duration)
    }

    /// A controller of the fleet in `source`, recording into `store`. `makeEngine` makes the
    /// engine of each run (a fresh renderer fetches each repository once per cycle);
    /// `workDirectory` holds fleet checkouts; `random` draws from 0..<1 for the jitter. With
    /// `watching` (a cluster's client by name), the kinds each cluster's targets use are watched
    /// and a change of a tracked object is drift of its target (`observed`).
    public init(
        source: FleetSource, store: any ControllerStore, settings: Settings = Settings(),
        workDirectory: String, clock: any Clock<Duration> = ContinuousClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        observer: any ControllerObserver, logger: Logger = Logger(label: "flotilla.controller"),
        watching connect: (@Sendable (String) throws -> any KubeAPI)? = nil,
        makeEngine: @escaping @Sendable () -> Engine
    ) {
        self.connect = connect
        self.watches = connect.map { _ in FleetWatches(clock: clock) }
        self.source = source
        self.store = store
        self.settings = settings
        self.workDirectory = workDirectory
        self.clock = clock
        self.stopwatch = Stopwatch(clock)
        self.random = random
        self.observer = observer
        self.logger = logger
        self.makeEngine = makeEngine
    }

    /// Cycles until `stop()` or cancellation; returns once the runs it started are over.
    public func run() async {
        let (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
        work = continuation
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.cycleLoop() }
            if let changes = watches?.changes {
                group.addTask {
                    for await change in changes {
                        await self.observed(application: change.application, cluster: change.cluster)
                    }
                }
            }
            for await job in jobs {
                switch job {
                case .run(let targets, let trigger):
                    group.addTask { await self.reconcile(targets, trigger: trigger) }
                case .later(let ids, let trigger, let delay):
                    group.addTask { await self.runLater(ids, trigger: trigger, after: delay) }
                }
            }
        }
    }

    /// Stops taking work: the current runs finish (and are recorded), then `run()` returns.
    public func stop() {
        stopping = true
        watches?.stop()
        sleeper?.cancel()
        work?.finish()
    }

    /// How each watched cluster's watches are doing now.
    public nonisolated var watchStatuses: [ClusterWatchStatus] { watches?.statuses ?? [] }

    /// Starts a cycle now instead of at the end of the interval (the fleet repository changed).
    public func refreshNow() {
        sleeper?.cancel()
    }

    /// A Git host said a repository changed: `matches(repoURL, targetRevision)` says whether a
    /// source is one it moved. The fleet is re-read now when its own repository, or one its git
    /// generators read, is among them; targets with a matching source are reconciled now.
    public func refresh(where matches: @Sendable (_ repoURL: String, _ revision: String) -> Bool) {
        if case .repository(let url, let revision, _) = source, matches(url, revision) { refreshNow() }
        if pipeline?.resolution.generatorRepositories.contains(where: { matches($0.repoURL, $0.revision) }) == true {
            refreshNow()
        }
        let affected = targets.values.filter { target in
            target.application.sources.contains { matches($0.repoURL, $0.targetRevision) }
        }
        if !affected.isEmpty { submit(.run(affected.sorted { $0.id < $1.id }, .webhook)) }
    }

    /// A watch saw `application`'s object on `cluster` change (or go): a `selfHeal` target is
    /// compared and synced after the debounce (and the backoff of undone heals), others only
    /// compared — they turn OutOfSync at once and are left alone. Checks due at the same time
    /// run together (one run: each cluster probed and listed once).
    public func observed(application: String, cluster: String) {
        let id = "\(application)@\(cluster)"
        // Our own writes come back as changes too: the check they cause finds nothing to do
        // (one comparison), while a real change during a run is never lost.
        guard let target = targets[id], scheduled[id] == nil else { return }
        let heals = target.application.syncPolicy?.automated?.selfHeal == true
        let trigger: ReconcileTrigger = heals ? .heal : .drift
        scheduled[id] = trigger
        let backoff = heals ? self.heals.delay(for: id, now: stopwatch.elapsed(), backoff: settings.healBackoff) : .zero
        if backoff > .zero {
            submit(.later([id], trigger, settings.debounce + backoff))
            return
        }
        queueCheck(id, trigger: trigger)
    }

    /// Queues `id` (already marked `scheduled`) with the checks of `trigger` due after the debounce.
    private func queueCheck(_ id: String, trigger: ReconcileTrigger) {
        let first = pending[trigger, default: []].isEmpty
        pending[trigger, default: []].append(id)
        if first { submit(.later([], trigger, settings.debounce)) }
    }

    func submit(_ job: Job) {
        guard !stopping else { return }
        work?.yield(job)
    }

    /// Runs `ids` (with none: the checks pending for `trigger`) after `delay`.
    private func runLater(_ ids: [String], trigger: ReconcileTrigger, after delay: Duration) async {
        try? await clock.sleep(for: delay)
        let due = ids.isEmpty ? pending.removeValue(forKey: trigger) ?? [] : ids
        for id in due { scheduled[id] = nil }
        guard !stopping, !Task.isCancelled else { return }
        let targets = due.compactMap { self.targets[$0] }
        if !targets.isEmpty { await reconcile(targets, trigger: trigger) }
    }

    private func cycleLoop() async {
        while !stopping, !Task.isCancelled {
            await cycle()
            guard !stopping else { return }
            let wait = settings.schedule.wait(random: random())
            let clock = self.clock
            let sleeper = Task { _ = try? await clock.sleep(for: wait) }
            self.sleeper = sleeper
            await withTaskCancellationHandler {
                await sleeper.value
            } onCancel: {
                sleeper.cancel()
            }
        }
    }

    /// One refresh: fleet files re-read, every target reconciled, vanished targets retired.
    func cycle() async {
        let started = stopwatch.elapsed()
        let engine = makeEngine()
        let resolved: FleetPipeline
        do {
            let paths = try await source.paths(renderer: engine.renderer, workDirectory: workDirectory)
            resolved = try await FleetPipeline.resolve(
                paths: paths, app: nil, cluster: nil, selector: nil, store: store, trees: engine.trees)
        } catch {
            // Nothing is retired because the fleet could not be read: the last targets stay.
            observer.problem("the fleet could not be read; keeping the last known targets: \(error)")
            logger.error("fleet unreadable", metadata: ["error": "\(error)"])
            await reconcile(targets.values.sorted { $0.id < $1.id }, trigger: .cycle, engine: engine)
            return
        }
        pipeline = resolved
        observer.fleetRead(resolved.resolution)
        targets = Dictionary(resolved.targets.map { ($0.id, $0) }) { first, _ in first }
        rolloutPlans = plans(of: resolved)
        for unresolved in resolved.resolution.unresolved {
            observer.problem(unresolved.reason)
        }
        let reports = await reconcile(resolved.targets, trigger: .cycle, engine: engine)
        var retired = ""
        // Retire only when every Application resolved: an Application whose destination is
        // missing is still in the fleet, and none of its objects may go because of that.
        if resolved.resolution.unresolved.isEmpty, !Task.isCancelled {
            do {
                retired = try await resolved.vanishedTargets().carryOut(with: engine, store: store).text
            } catch {
                observer.problem("vanished targets were not retired: \(error)")
            }
        }
        let watchStatuses = await updateWatches(reports)
        let finished = Date()
        do {
            try store.recordCycle(ControllerCycle(pid: settings.pid, finishedAt: finished, targets: targets.count))
        } catch {
            observer.problem("the cycle could not be recorded: \(error)")
        }
        lastCycleAt = finished
        isReady = true
        observer.cycleFinished(
            CycleSummary(
                targets: resolved.targets, reports: reports, unresolved: resolved.resolution.unresolved,
                retired: retired, duration: stopwatch.elapsed() - started, watches: watchStatuses,
                versions: versions))
    }

    /// Watches, on each cluster, the kinds its targets' objects are (as this cycle compared
    /// them; a cluster not compared keeps its watches), and no cluster without targets.
    private func updateWatches(_ reports: [TargetReport]) async -> [ClusterWatchStatus] {
        guard let watches, let connect, !stopping else { return [] }
        var kinds: [String: Set<GroupVersionKind>] = [:]
        for report in reports {
            for change in report.comparison?.changes ?? [] where change.action != .delete {
                guard let type = change.type else { continue }
                kinds[report.target.cluster, default: []].insert(
                    GroupVersionKind(group: type.group, version: type.version, kind: type.kind))
            }
        }
        for (cluster, clusterKinds) in kinds.sorted(by: { $0.key < $1.key }) {
            guard let api = try? connect(cluster) else { continue }
            await watches.update(api, kinds: clusterKinds)
            if versions[cluster] == nil, let version = try? await api.version() {
                versions[cluster] = version.gitVersion
            }
        }
        watches.retain(Set(targets.values.map(\.cluster)))
        return watches.statuses
    }

    /// Reconciles `targets` (those not already running; those are run again afterwards).
    @discardableResult
    func reconcile(_ targets: [FleetTarget], trigger: ReconcileTrigger, engine: Engine? = nil) async -> [TargetReport] {
        var free: [FleetTarget] = []
        var waiting: [String: Duration] = [:]
        runs += 1
        let run = runs
        if trigger != .drift { writingRuns.insert(run) }
        defer { writingRuns.remove(run) }
        for target in targets {
            if let retryAt = backoff.retryAt(target.cluster, now: stopwatch.elapsed()) {
                waiting[target.cluster] = retryAt
            } else if running[target.id] != nil {
                again[target.id] = trigger
            } else {
                free.append(target)
                running[target.id] = run
            }
        }
        for (cluster, retryAt) in waiting.sorted(by: { $0.key < $1.key }) where trigger == .cycle {
            let wait = (retryAt - stopwatch.elapsed()).formatted(.units(allowed: [.seconds], width: .narrow))
            observer.problem("cluster \"\(cluster)\" failed its last run; its targets wait \(wait) before the next try")
        }
        guard !free.isEmpty, let pipeline else {
            for target in free { release(target.id, run: run) }
            return []
        }
        let engine = engine ?? makeEngine()
        let states = recordedStates()
        let decision = self.decision(compareOnly: trigger == .drift, states: states)
        let runTargets =
            trigger == .heal || trigger == .drift ? free.map { pinned($0, to: states[$0.id]?.revision) } : free
        let held = Dictionary(decision.holds.map { ($0.key, $0.value.rolledBackTo) }) { first, _ in first }
        let logger = self.logger
        let observer = self.observer
        // What each sync is made from is taken when it is decided: finished reports no longer
        // carry their objects.
        let attempts = Mutex<[String: String]>([:])
        let gate = rolloutGate()
        let reports = await pipeline.run(
            runTargets, with: engine,
            mode: .reconcile { report in
                guard decision.syncs(report), gate(report) else { return false }
                attempts.withLock { $0[report.target.id] = SyncDecision.attempt(report) }
                return true
            }, recording: .reconciliation(held: held), followsChildren: trigger != .heal && trigger != .drift,
            warn: { logger.warning("\($0)") }
        ) { event in
            // A target done is free at once, not when the whole run is: a change seen meanwhile
            // is checked without waiting for the slowest target of a big run.
            guard case .finished(let report) = event, !report.cancelled else { return }
            observer.reconciled(report, trigger: trigger)
            let attempt = report.sync == nil ? nil : attempts.withLock { $0[report.target.id] }
            Task { await self.targetDone(report.target.id, run: run, attempt: attempt) }
        }
        // Child Applications (app of apps) are targets like the others from now on: watched,
        // healed, and reachable from the API.
        for child in pipeline.childTargets { self.targets[child.id] = child }
        backoff.learn(from: reports, now: stopwatch.elapsed())
        for (id, attempt) in attempts.withLock({ $0 }) { noteAttempt(attempt, of: id, run: run) }
        finish(reports, run: run, trigger: trigger, decision: decision)
        if trigger != .drift { await advanceRollouts(after: reports, engine: engine) }
        return reports
    }

    /// Bookkeeping after a run (the observer and the attempts heard of each target as it
    /// finished): heals, released holds.
    private func finish(_ reports: [TargetReport], run: Int, trigger: ReconcileTrigger, decision: SyncDecision) {
        var resumed: [(application: String, cluster: String)] = []
        for report in reports {
            let id = report.target.id
            release(id, run: run)
            if report.cancelled { continue }
            if report.sync != nil {
                if decision.holds[id] != nil { resumed.append((report.target.application.name, report.target.cluster)) }
                if trigger == .heal { heals.healed(id, at: stopwatch.elapsed()) }
            }
        }
        if !resumed.isEmpty {
            do {
                try store.release(resumed)
            } catch {
                observer.problem("holds of \(resumed.map { "\($0.application)@\($0.cluster)" }) not released: \(error)")
            }
        }
        for report in reports where report.cancelled { again[report.target.id] = nil }
    }

    /// Records what target `id`'s sync in run `run` was made from, unless a newer run's is known.
    private func noteAttempt(_ attempt: String, of id: String, run: Int) {
        guard attemptRuns[id].map({ $0 <= run }) ?? true else { return }
        attempted[id] = attempt
        attemptRuns[id] = run
    }

    /// Target `id` finished its part of run `run` (`attempt`: what its sync was made from): it
    /// is free, and what was triggered meanwhile runs with the next checks due.
    func targetDone(_ id: String, run: Int, attempt: String?) {
        release(id, run: run)
        if let attempt { noteAttempt(attempt, of: id, run: run) }
        guard let trigger = again.removeValue(forKey: id), scheduled[id] == nil else { return }
        scheduled[id] = trigger
        queueCheck(id, trigger: trigger)
    }

    /// Frees target `id` when run `run` has it, waking whoever waits for it.
    func release(_ id: String, run: Int) {
        guard running[id] == run else { return }
        running[id] = nil
        for waiter in waitingForTarget.removeValue(forKey: id) ?? [] { waiter.resume() }
    }

    /// The decision of a run, over the holds and recorded revisions as they are now.
    private func decision(compareOnly: Bool, states: [String: TargetState]) -> SyncDecision {
        var holds: [String: SyncHold] = [:]
        do {
            holds = Dictionary(try store.holds().map { ($0.targetID, $0) }) { first, _ in first }
        } catch {
            observer.problem("the registry could not be read: \(error)")
        }
        return SyncDecision(
            holds: holds, attempted: attempted, recordedRevisions: states.compactMapValues(\.lastSyncRevision),
            resumesOnNewRevision: settings.resumesOnNewRevision, compareOnly: compareOnly)
    }

    /// The recorded targets by id, read once per run (none when the registry cannot be read).
    private func recordedStates() -> [String: TargetState] {
        do {
            return Dictionary(try store.targets().map { ("\($0.application)@\($0.cluster)", $0) }) { first, _ in first }
        } catch {
            observer.problem("the registry could not be read: \(error)")
            return [:]
        }
    }

    /// `target` pinned to the commit the last cycle resolved (a heal fetches nothing; a new
    /// commit is the cycle's business), when it has one Git source with a known commit.
    private func pinned(_ target: FleetTarget, to revision: String?) -> FleetTarget {
        guard target.application.sources.count == 1, let revision else { return target }
        var pinned = target
        pinned.application.sources[0].targetRevision = revision
        return pinned
    }
}
