import Engine
import Registry

/// The rollouts of one `flotilla sync` (or `rollout resume`): each ApplicationSet with a
/// `RollingSync` strategy is run step by step (one after the other), progress on stderr.
struct RolloutSync {
    /// The plans, by ApplicationSet.
    let plans: [String: RolloutPlan]

    /// The rollout plans of `pipeline`'s targets: none unless the whole fleet of its files was
    /// selected (syncing one Application or cluster by name is a person's explicit choice).
    static func plans(of pipeline: FleetPipeline) throws -> RolloutSync {
        guard pipeline.resolution.isWholeFleet else { return RolloutSync(plans: [:]) }
        let strategies = try RolloutStrategies.load(paths: pipeline.resolution.fleetPaths)
        return RolloutSync(plans: RolloutStrategies.plans(strategies, targets: pipeline.targets))
    }

    /// Whether `target` goes through a rollout.
    func rollsOut(_ target: FleetTarget) -> Bool {
        target.applicationSet.map { plans[$0] != nil } ?? false
    }

    /// What the rollouts ended with.
    struct Result {
        var outcomes: [RolloutRunner.Outcome] = []
        var failures: [String] = []
        var interrupted = false

        /// Whether a rollout halted, stood still or could not run.
        var stopped: Bool { !failures.isEmpty || outcomes.contains { $0.record.state != .completed } }
    }

    /// Runs every rollout (only `only`'s, when given), Ctrl-C cancelling; `prune` as `sync --prune`.
    func run(
        pipeline: FleetPipeline, engine: Engine, store: any RolloutStore, prune: Bool = false,
        resume: Bool = false, only: String? = nil
    ) async -> Result {
        let plans = plans.filter { only == nil || $0.key == only }.sorted { $0.key < $1.key }
        let (result, interrupted) = await Interrupts.cancellable { () async -> Result in
            var result = Result()
            for (name, plan) in plans {
                let progress = RolloutProgress(applicationSet: name, stepCount: plan.steps.count)
                let runner = RolloutRunner(
                    applicationSet: name, plan: plan,
                    driver: PipelineRolloutDriver(
                        pipeline: pipeline, engine: engine, initiator: .commandLineUser, prune: prune ? true : nil,
                        warn: { Terminal.standardError.write("warning: \($0)\n") }),
                    store: store, settleTimeout: engine.deadline)
                do {
                    result.outcomes.append(
                        try await runner.run(resume: resume) { event in
                            Terminal.standardError.write(progress.line(event) + "\n")
                            Terminal.standardError.flush()
                        })
                } catch is CancellationError {
                    break
                } catch {
                    result.failures.append("rollout \(name): \(error)")
                }
                if Task.isCancelled { break }
            }
            return result
        }
        var ended = result
        ended.interrupted = interrupted
        return ended
    }
}
