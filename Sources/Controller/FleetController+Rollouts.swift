import Engine
import Foundation
import Registry

/// Progressive rollouts under `flotilla serve`: an automated target of an ApplicationSet with a
/// RollingSync strategy is synced only when its step is open (else it is compared and recorded
/// OutOfSync, nothing written); after every run the rollouts move on from the recorded states
/// (`RolloutProgression`), and the targets of a step that opened are reconciled at once (those
/// of the step after a bake time when it ends). The
/// state lives in the registry, so a restarted controller resumes where the rollout stood.
extension FleetController {
    /// The rollout plans of `pipeline`'s ApplicationSets (none, said as a problem, when the
    /// fleet files cannot be read again).
    func plans(of pipeline: FleetPipeline) -> [String: RolloutPlan] {
        do {
            let strategies = try RolloutStrategies.load(paths: pipeline.resolution.fleetPaths)
            return RolloutStrategies.plans(strategies, targets: pipeline.targets)
        } catch {
            observer.problem("rollout strategies could not be read: \(error)")
            return [:]
        }
    }

    /// The rollout plan of `applicationSet` as the last cycle resolved it (nil: it has no
    /// RollingSync strategy, or no cycle finished yet).
    public func rolloutPlan(of applicationSet: String) -> RolloutPlan? { rolloutPlans[applicationSet] }

    /// Whether a compared target's step is open, over the rollouts as recorded now. A target
    /// held back by its rollout (`keptBack`: a heal or drift check compares it with the commit
    /// it last synced) may be synced at that commit while the rollout's plan is unchanged:
    /// keeping a target where it is rolls nothing out.
    func rolloutGate(states: [String: TargetState], keptBack: Set<String> = []) -> @Sendable (TargetReport) -> Bool {
        let plans = rolloutPlans
        guard !plans.isEmpty else { return { _ in true } }
        let records = rolloutRecords()
        let kept = states.filter { keptBack.contains($0.key) }.compactMapValues(\.lastSyncRevision)
        return { report in
            guard let name = report.target.applicationSet, let plan = plans[name], plan.contains(report.target) else {
                return true
            }
            if let revision = report.comparison?.revision, kept[report.target.id] == revision,
                records[name]?.digest == plan.digest
            {
                return true
            }
            return RolloutProgression.opens(
                report.target.id, plan: plan, record: records[name], revision: report.comparison?.revision)
        }
    }

    /// The commit a heal or drift check of each of `targets` compares with (a heal fetches
    /// nothing): a rollout's target is held back (`keptBack`) at the commit it last synced while
    /// its step is closed for the commit the rollout takes it to, and otherwise compared at that
    /// commit; any other target at the commit its last comparison saw (`states`).
    func healPins(
        _ targets: [FleetTarget], states: [String: TargetState]
    ) -> (
        pins: [String: String], keptBack: Set<String>
    ) {
        let plans = rolloutPlans
        let records = plans.isEmpty ? [:] : rolloutRecords()
        var pins: [String: String] = [:]
        var keptBack: Set<String> = []
        for target in targets {
            let state = states[target.id]
            guard let name = target.applicationSet, let plan = plans[name], plan.contains(target),
                let record = records[name], record.digest == plan.digest, let commit = record.revision(of: target.id)
            else {
                pins[target.id] = state?.revision
                continue
            }
            if RolloutProgression.opens(target.id, plan: plan, record: record, revision: commit) {
                pins[target.id] = commit
            } else if let running = state?.lastSyncRevision {
                pins[target.id] = running
                keptBack.insert(target.id)
            }
        }
        return (pins, keptBack)
    }

    /// The recorded rollouts of the current plans, by ApplicationSet.
    private func rolloutRecords() -> [String: RolloutRecord] {
        Dictionary(
            rolloutPlans.keys.compactMap { name in (try? store.rollout(of: name)).flatMap { $0 }.map { (name, $0) } }
        ) { first, _ in first }
    }

    /// Moves every rollout `reports` touched on from the recorded states; reconciles the targets
    /// of each step that opened. A run that fetched (`learnsRevisions`: not a heal or drift
    /// check, which compare at pinned commits) tells each target's commit; `before` are the
    /// states before it, where a new rollout finds the commits its targets were healthy at.
    func advanceRollouts(
        after reports: [TargetReport], before: [String: TargetState], learnsRevisions: Bool, engine: Engine
    ) async {
        var opened: [FleetTarget] = []
        // Each rollout hears only of its plan's own targets: a child Application (app of apps)
        // generated by an ApplicationSet of the same name neither moves it nor sets its revision.
        let own = rolloutPlans.compactMapValues { plan -> [TargetReport]? in
            let mine = plan.ownReports(among: reports).filter { !$0.cancelled }
            return mine.isEmpty ? nil : mine
        }
        let touched = rolloutPlans.filter { name, _ in own[name] != nil }
        guard !touched.isEmpty else { return }
        let states: [String: TargetState]
        do {
            states = Dictionary(try store.targets().map { ("\($0.application)@\($0.cluster)", $0) }) { first, _ in
                first
            }
        } catch {
            observer.problem("rollouts could not move on: \(error)")
            return
        }
        for (name, plan) in touched.sorted(by: { $0.key < $1.key }) {
            // Each target's own commit: a run that saw only some targets (a heal, a manual sync)
            // says nothing about the others'.
            let seen = learnsRevisions ? RolloutRunner.revisions(of: own[name] ?? []) : [:]
            do {
                let record = try store.rollout(of: name)
                // A run whose comparisons all failed (a cluster down) says nothing about the revision;
                // a heal starts no rollout.
                if learnsRevisions ? seen.isEmpty && (record?.revisionCount ?? 0) > 0 : record == nil { continue }
                guard
                    let next = RolloutProgression.next(
                        record, applicationSet: name, plan: plan, seen: seen, states: states, healthyBefore: before,
                        now: Date())
                else { continue }
                try store.saveRollout(next)
                logger.info(
                    "rollout \(next.state.rawValue)",
                    metadata: [
                        "applicationSet": "\(name)", "step": "\(next.step + 1)/\(next.stepCount)",
                        "revision": "\(RolloutRecord.text(of: next.revision, among: next.revisions))",
                    ])
                if next.state == .halted {
                    observer.problem(
                        "rollout \(name) halted at step \(next.step + 1): \(next.haltedTarget ?? "") \(next.haltReason ?? "")"
                    )
                }
                let before = record.map { $0.isSameRollout(as: next) ? $0.step : 0 } ?? 0
                if next.state == .paused, let until = next.pausedUntil, next.step + 1 < plan.steps.count {
                    // The next step is looked at again when the bake time is over, not at the next cycle.
                    let wait = Duration.milliseconds(Int64(max(0, until.timeIntervalSinceNow) * 1000) + 100)
                    submit(.later(plan.steps[next.step + 1].targets.map(\.id), .cycle, wait))
                }
                let last = next.state == .completed ? plan.steps.count - 1 : next.step
                if next.state == .progressing || next.state == .completed, last > before {
                    opened += plan.steps[(before + 1)...last].flatMap(\.targets)
                }
            } catch {
                observer.problem("rollout \(name) could not be recorded: \(error)")
            }
        }
        // What this run left OutOfSync behind a closed step, or did not run at all.
        let byID = Dictionary(reports.map { ($0.target.id, $0) }) { first, _ in first }
        let pending = opened.filter { target in
            guard let report = byID[target.id] else { return true }
            return report.sync == nil && report.syncStatus == .outOfSync
        }
        if !pending.isEmpty, !stopping { await reconcile(pending, trigger: .cycle, engine: engine) }
    }
}
