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

    /// Whether a compared target's step is open, over the rollouts as recorded now.
    func rolloutGate() -> @Sendable (TargetReport) -> Bool {
        let plans = rolloutPlans
        guard !plans.isEmpty else { return { _ in true } }
        let records = Dictionary(
            plans.keys.compactMap { name in (try? store.rollout(of: name)).flatMap { $0 }.map { (name, $0) } }
        ) { first, _ in first }
        return { report in
            guard let name = report.target.applicationSet, let plan = plans[name] else { return true }
            return RolloutProgression.opens(
                report.target.id, plan: plan, record: records[name], revision: report.comparison?.revision)
        }
    }

    /// Moves every rollout `reports` touched on from the recorded states; reconciles the targets
    /// of each step that opened.
    func advanceRollouts(after reports: [TargetReport], engine: Engine) async {
        var opened: [FleetTarget] = []
        let touched = rolloutPlans.filter { name, _ in
            reports.contains { $0.target.applicationSet == name && !$0.cancelled }
        }
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
            let revision = RolloutRunner.revision(of: reports.filter { $0.target.applicationSet == name })
            do {
                let record = try store.rollout(of: name)
                // A run whose comparisons all failed (a cluster down) says nothing about the revision.
                if revision == nil, record?.revision != nil { continue }
                guard
                    let next = RolloutProgression.next(
                        record, applicationSet: name, plan: plan, revision: revision, states: states, now: Date())
                else { continue }
                try store.saveRollout(next)
                logger.info(
                    "rollout \(next.state.rawValue)",
                    metadata: [
                        "applicationSet": "\(name)", "step": "\(next.step + 1)/\(next.stepCount)",
                        "revision": "\(next.revision ?? "-")",
                    ])
                if next.state == .halted {
                    observer.problem(
                        "rollout \(name) halted at step \(next.step + 1): \(next.haltedTarget ?? "") \(next.haltReason ?? "")"
                    )
                }
                let before = record.map { $0.revision == next.revision && $0.digest == next.digest ? $0.step : 0 } ?? 0
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
        let pending = opened.filter { target in
            guard let report = reports.first(where: { $0.target.id == target.id }) else { return true }
            return report.sync == nil && report.syncStatus == .outOfSync
        }
        if !pending.isEmpty, !stopping { await reconcile(pending, trigger: .cycle, engine: engine) }
    }
}
