import Engine
import Registry

extension FleetController {
    /// Carries out `action` on `application`'s target on `cluster` for `initiator`, now, and
    /// returns when it is done (its results recorded, the observer told). A target is never
    /// worked on twice at once: while the controller (or another caller) runs it, `busy` is
    /// thrown; triggers arriving meanwhile run it again afterwards. A sync asked for resumes
    /// automated sync of a target held after a rollback, as `flotilla sync` does.
    public func perform(
        _ action: TargetAction, application: String, cluster: String, by initiator: SyncInitiator
    ) async throws(TargetActionError) -> TargetActionOutcome {
        guard !stopping else { throw .stopping }
        guard let pipeline else { throw .notReady }
        let id = "\(application)@\(cluster)"
        guard let target = targets[id] else { throw .unknownTarget(application: application, cluster: cluster) }
        var rollback: Rollback?
        if case .rollback(let historyID, _) = action {
            do {
                rollback = try Rollback(target, toEntry: historyID, in: store)
            } catch let refusal as Rollback.Refusal {
                throw .rollbackRefused(refusal)
            } catch {
                observer.problem("the registry could not be read: \(error)")
                throw .notReady
            }
        }
        // A check that only compares (a watch saw a change, often our own write) is waited
        // for; a run that may write is not: the caller hears that a sync is running.
        switch await waitUntilFree([id]) {
        case .free: break
        case .busy: throw .busy(application: application, cluster: cluster)
        case .stopping: throw .stopping
        }
        runs += 1
        let run = runs
        running[id] = run
        if action.writes { writingRuns.insert(run) }
        defer { writingRuns.remove(run) }
        let outcome = await carryOut(action, on: target, rollback: rollback, in: pipeline, by: initiator, run: run)
        // The children (app of apps) the run claimed are free again too.
        for claimed in running.filter({ $0.value == run && $0.key != id }).keys.sorted() {
            targetDone(claimed, run: run, attempt: nil)
        }
        targetDone(id, run: run, attempt: nil)
        return try outcome.get()
    }

    private func carryOut(
        _ action: TargetAction, on target: FleetTarget, rollback: Rollback?, in pipeline: FleetPipeline,
        by initiator: SyncInitiator, run: Int
    ) async -> Result<TargetActionOutcome, TargetActionError> {
        let engine = makeEngine()
        let claim: @Sendable ([FleetTarget]) async -> [FleetTarget] = {
            await self.claim($0, run: run, trigger: .manual)
        }
        let observer = self.observer
        let logger = self.logger
        let warn: @Sendable (String) -> Void = { logger.warning("\($0)") }
        let tell: @Sendable (EngineEvent) -> Void = { event in
            guard case .finished(let report) = event, !report.cancelled else { return }
            observer.reconciled(report, trigger: .manual)
        }
        switch action {
        case .compare, .sync(_, dryRun: true):
            // Recorded as the controller records its comparisons: a held target still says so.
            let held = ((try? store.holds()) ?? []).filter { $0.targetID == target.id }.map {
                ($0.targetID, $0.rolledBackTo)
            }
            let reports = await pipeline.run(
                [target], with: engine, mode: .diff,
                recording: .reconciliation(held: Dictionary(uniqueKeysWithValues: held)), claimsChildren: claim,
                warn: warn, onEvent: tell)
            return .success(TargetActionOutcome(report: reports[0]))
        case .sync(let prune, dryRun: false):
            let reports = await pipeline.run(
                [target], with: engine, mode: .sync(prune: prune ? true : nil), recording: .sync(by: initiator),
                claimsChildren: claim, warn: warn, onEvent: tell)
            if reports[0].error.isEmpty, !reports[0].cancelled {
                do {
                    try store.release([(target.application.name, target.cluster)])
                } catch {
                    observer.problem("the hold of \(target.id) was not released: \(error)")
                }
            }
            return .success(TargetActionOutcome(report: reports[0]))
        case .rollback(_, let prune):
            guard let rollback else { return .failure(.notReady) }
            do {
                let done = try await rollback.run(
                    in: pipeline, with: engine, store: store, prune: prune, by: initiator, warn: warn, onEvent: tell)
                return .success(
                    TargetActionOutcome(
                        report: done.sync, comparisonAfterRollback: done.comparison, rolledBackTo: rollback.revision,
                        held: done.held))
            } catch {
                return .failure(.notHeld("\(error)"))
            }
        }
    }

    /// How a wait for targets to be free ended.
    enum Freedom: Equatable {
        /// None of them runs now.
        case free
        /// This one is in a run that may write.
        case busy(String)
        /// The controller is stopping.
        case stopping
    }

    /// Waits while any of `ids` is in a run that only compares; returns at once when one is in
    /// a run that may write. Nothing suspends between a `.free` answer and the caller's next
    /// step, so the caller can mark them running before anyone else does.
    func waitUntilFree(_ ids: [String]) async -> Freedom {
        while let id = ids.first(where: { running[$0] != nil }), let current = running[id] {
            guard !writingRuns.contains(current) else { return .busy(id) }
            await withCheckedContinuation { waitingForTarget[id, default: []].append($0) }
            guard !stopping else { return .stopping }
        }
        return .free
    }

    /// Compares (and, when its policy is automated, syncs) one target now, as a refresh
    /// cycle would; returns at once. False when the fleet has no such target.
    public func refresh(application: String, cluster: String) -> Bool {
        guard let target = targets["\(application)@\(cluster)"] else { return false }
        submit(.run([target], .manual))
        return true
    }

    /// The fleet's targets as the last cycle resolved them (in no order), and the ids of those
    /// running now.
    public func fleetSnapshot() -> (targets: [FleetTarget], running: Set<String>) {
        (Array(targets.values), Set(running.keys))
    }
}
