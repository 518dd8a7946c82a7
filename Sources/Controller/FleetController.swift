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
    var again: [String: ReconcileTrigger] = [:]
    /// Watch-triggered checks waiting out their debounce or backoff, by target id.
    var scheduled: [String: ReconcileTrigger] = [:]
    /// Checks waiting for the debounce together, by trigger.
    var pending: [ReconcileTrigger: [String]] = [:]
    var heals = HealTracker()
    var backoff = ClusterBackoff()
    /// What each target's last sync attempt was made from (see `SyncDecision.attempt`).
    var attempted: [String: String] = [:]
    /// The run each attempt came from: a late notice of an older run never overwrites a newer one.
    var attemptRuns: [String: Int] = [:]
    var work: AsyncStream<Job>.Continuation?
    var sleeper: Task<Void, Never>?
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

}
