import Engine
import Foundation
import Registry
import Synchronization

/// One run of some targets through the pipeline, and its bookkeeping: which targets run now,
/// what automated sync decides, attempts, holds released, targets freed.
extension FleetController {
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
        // A heal or drift check compares at a known commit (it fetches nothing): the one the last
        // cycle saw — or, for a target its rollout holds back, the one it runs, so its drift is
        // undone there.
        let healing = trigger == .heal || trigger == .drift
        let (pins, keptBack) = healing ? healPins(free, states: states) : ([:], [])
        let runTargets = healing ? free.map { pinned($0, to: pins[$0.id]) } : free
        let held = Dictionary(decision.holds.map { ($0.key, $0.value.rolledBackTo) }) { first, _ in first }
        let logger = self.logger
        let observer = self.observer
        // What each sync is made from is taken when it is decided: finished reports no longer
        // carry their objects.
        let attempts = Mutex<[String: String]>([:])
        let gate = rolloutGate(states: states, keptBack: keptBack)
        let reports = await pipeline.run(
            runTargets, with: engine,
            mode: .reconcile { report in
                guard decision.syncs(report), gate(report) else { return false }
                attempts.withLock { $0[report.target.id] = SyncDecision.attempt(report) }
                return true
            }, recording: .reconciliation(held: held), followsChildren: trigger != .heal && trigger != .drift,
            acceptsChildren: gate,
            claimsChildren: { children in await self.claim(children, run: run, trigger: trigger) },
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
        // A sync decided but held back (a deny window) was no attempt: it is tried again.
        let synced = Set(reports.filter { $0.sync != nil }.map(\.target.id))
        for (id, attempt) in attempts.withLock({ $0 }) where synced.contains(id) {
            noteAttempt(attempt, of: id, run: run)
        }
        finish(reports, run: run, trigger: trigger, decision: decision)
        // Children claimed for a wave that a cancellation cut short have no report: freed too.
        for claimed in running.filter({ $0.value == run }).keys.sorted() {
            targetDone(claimed, run: run, attempt: nil)
        }
        if trigger != .drift {
            await advanceRollouts(after: reports, before: states, learnsRevisions: !healing, engine: engine)
        }
        return reports
    }

    /// Bookkeeping after a run (the observer and the attempts heard of each target as it
    /// finished): heals, released holds.
    func finish(_ reports: [TargetReport], run: Int, trigger: ReconcileTrigger, decision: SyncDecision) {
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

    /// The `children` (app of apps) a run reached that are free, now marked running in run
    /// `run`; those running already (a heal, a person's action) are left out and run again
    /// afterwards (`trigger`) — a target is never worked on twice at once.
    func claim(_ children: [FleetTarget], run: Int, trigger: ReconcileTrigger) -> [FleetTarget] {
        children.filter { child in
            guard running[child.id] == nil else {
                again[child.id] = trigger
                return false
            }
            running[child.id] = run
            return true
        }
    }

    /// Records what target `id`'s sync in run `run` was made from, unless a newer run's is known.
    func noteAttempt(_ attempt: String, of id: String, run: Int) {
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
    func decision(compareOnly: Bool, states: [String: TargetState]) -> SyncDecision {
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
    func recordedStates() -> [String: TargetState] {
        do {
            return Dictionary(try store.targets().map { ("\($0.application)@\($0.cluster)", $0) }) { first, _ in first }
        } catch {
            observer.problem("the registry could not be read: \(error)")
            return [:]
        }
    }

    /// `target` pinned to the commit the last cycle resolved (a heal fetches nothing; a new
    /// commit is the cycle's business), when it has one Git source with a known commit.
    func pinned(_ target: FleetTarget, to revision: String?) -> FleetTarget {
        guard target.application.sources.count == 1, let revision else { return target }
        var pinned = target
        pinned.application.sources[0].targetRevision = revision
        return pinned
    }
}
