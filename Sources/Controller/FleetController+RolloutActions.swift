import Engine
import Foundation
import Registry

/// Resume and Abort of a progressive rollout, asked for through the API (the dashboard's
/// buttons on a rollout's line): what `flotilla rollout resume|abort` does on the command
/// line, carried out by the running controller so that its gate, its busy targets and its
/// observers (log, metrics, live events) see it.
extension FleetController {
    /// Sets `applicationSet`'s halted or aborted rollout back to progressing at its step (the
    /// halt cleared), as `rollout resume` does, and reconciles the targets of the steps up to
    /// it at once: the gate opens them, and those that differ from Git are synced again — even
    /// at the revision whose sync failed (a resume is a new attempt, as on the command line).
    /// Returns when that run is over, with the rollout as it then stands (halted again when
    /// the step still fails). `busy` while one of those targets is being synced.
    public func resumeRollout(
        named applicationSet: String, by initiator: SyncInitiator
    ) async throws(RolloutActionError) -> RolloutActionOutcome {
        let plan = try rolloutPlan(applicationSet)
        // A check that only compares is waited for (a target it holds would miss the retry
        // below); the rollout is read again after every wait, and nothing suspends after the last.
        var waitedFor: Set<String> = []
        var record: RolloutRecord
        var step: Int
        var reopened: [FleetTarget]
        repeat {
            record = try recordedRollout(applicationSet)
            guard record.state == .halted || record.state == .aborted else {
                throw .refused(
                    "the rollout of \(applicationSet) is \(record.state.rawValue): only a halted or aborted rollout can be "
                        + "resumed")
            }
            step = min(record.step, plan.steps.count - 1)
            reopened = plan.steps[0...step].flatMap(\.targets)
            let ids = reopened.map(\.id)
            switch await waitUntilFree(ids) {
            case .free: break
            case .busy(let id): throw .busy(applicationSet: applicationSet, target: id)
            case .stopping: throw .stopping
            }
            guard waitedFor != Set(ids) else { break }
            waitedFor = Set(ids)
        } while true
        record = record.resumed(at: Date())
        do {
            try store.saveRollout(record)
        } catch {
            throw .registry("\(error)")
        }
        logger.notice(
            "rollout resumed",
            metadata: [
                "applicationSet": "\(applicationSet)", "step": "\(step + 1)/\(plan.steps.count)", "by": "\(initiator)",
            ])
        // Automated sync does not retry a failed attempt at the same revision; a resume does.
        // Targets this run did not sync keep their attempt: their drift stays reported, not undone.
        let earlier = reopened.map { (id: $0.id, attempt: attempted[$0.id], run: attemptRuns[$0.id]) }
        for target in reopened {
            attempted[target.id] = Self.resumedAttempt
            attemptRuns[target.id] = runs
        }
        let reports = await reconcile(reopened, trigger: .manual)
        for target in earlier where attempted[target.id] == Self.resumedAttempt {
            attempted[target.id] = target.attempt
            attemptRuns[target.id] = target.run
        }
        // The rollout's own targets: a child (app of apps) may be of a project the caller does not see.
        return RolloutActionOutcome(
            record: (try? store.rollout(of: applicationSet)) ?? record, reports: plan.ownReports(among: reports))
    }

    /// Aborts `applicationSet`'s active rollout (`RolloutAbort`): the targets it reached go back
    /// to the last revision healthy everywhere, each sync recorded as a rollback by `initiator`,
    /// then the rollout is `aborted`. While it runs, the rollout's targets are busy: a target
    /// action or a cycle arriving meanwhile waits (409 / runs them afterwards); an abort while
    /// one of them is being synced is `busy`. When a target could not go back, the rollout
    /// stays as it was (the reports say why) and abort can be asked again.
    public func abortRollout(
        named applicationSet: String, by initiator: SyncInitiator
    ) async throws(RolloutActionError) -> RolloutActionOutcome {
        let plan = try rolloutPlan(applicationSet)
        guard let pipeline else { throw .notReady }
        let ids = plan.targets.map(\.id)
        // As `perform`: a comparison only (a watch saw our own write) is waited for, a sync is not.
        switch await waitUntilFree(ids) {
        case .free: break
        case .busy(let id): throw .busy(applicationSet: applicationSet, target: id)
        case .stopping: throw .stopping
        }
        // Read after the wait, with the targets marked below before any other suspension: a
        // cycle that moved the rollout on meanwhile is what is aborted.
        let abort: RolloutAbort
        do {
            abort = try RolloutAbort(applicationSet, plan: plan, store: store)
        } catch let refusal as RolloutAbort.Refusal {
            if case .noRollout = refusal { throw .unknownRollout(applicationSet) }
            throw .refused(refusal.description)
        } catch {
            throw .registry("\(error)")
        }
        runs += 1
        let run = runs
        for id in ids { running[id] = run }
        writingRuns.insert(run)
        defer {
            writingRuns.remove(run)
            for id in ids { targetDone(id, run: run, attempt: nil) }
        }
        logger.notice(
            "rollout abort",
            metadata: [
                "applicationSet": "\(applicationSet)", "to": "\(abort.revision)", "targets": "\(abort.targets.count)",
                "by": "\(initiator)",
            ])
        let logger = self.logger
        let reports: [TargetReport]
        do {
            reports = try await abort.run(
                in: pipeline, with: makeEngine(), store: store, by: initiator, warn: { logger.warning("\($0)") })
        } catch {
            throw .registry("the targets went back, but the rollout is not recorded aborted: \(error)")
        }
        for report in reports where !report.cancelled { observer.reconciled(report, trigger: .manual) }
        let record: RolloutRecord
        do {
            record = try recordedRollout(applicationSet)
        } catch {
            record = abort.record
        }
        return RolloutActionOutcome(record: record, reports: reports, revisions: abort.revisions)
    }

    /// What a resumed target's last attempt is taken to be: no sync is ever made from it, so
    /// the next one of the target is a new attempt (see `SyncDecision.syncs`).
    static var resumedAttempt: String { "resumed" }

    /// The plan of `applicationSet` as the last cycle made it.
    private func rolloutPlan(_ applicationSet: String) throws(RolloutActionError) -> RolloutPlan {
        guard !stopping else { throw .stopping }
        guard pipeline != nil else { throw .notReady }
        guard let plan = rolloutPlans[applicationSet], !plan.steps.isEmpty else {
            throw .unknownRollout(applicationSet)
        }
        return plan
    }

    private func recordedRollout(_ applicationSet: String) throws(RolloutActionError) -> RolloutRecord {
        let record: RolloutRecord?
        do {
            record = try store.rollout(of: applicationSet)
        } catch {
            throw .registry("\(error)")
        }
        guard let record else { throw .unknownRollout(applicationSet) }
        return record
    }

}
