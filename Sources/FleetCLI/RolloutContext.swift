import Engine
import Registry

/// What a `rollout` subcommand works on: the registry, the engine, the fleet's pipeline and the
/// ApplicationSet's plan. A fleet or registry that cannot be read, or an ApplicationSet without
/// a `RollingSync` strategy, is a usage error (exit 2) naming those that have one.
struct RolloutContext {
    let registry: Registry
    let engine: Engine
    let pipeline: FleetPipeline
    let plan: RolloutPlan
    let rollouts: RolloutSync

    /// The context of `target`'s ApplicationSet, its engine made with `options` and `deadline`.
    static func load(
        _ target: RolloutTarget, options: EngineOptions, deadline: Duration = .seconds(240), verifyingKey: Bool
    ) async throws -> RolloutContext {
        do {
            let registry = try RegistryAccess.requireExisting()
            let engine = options.engine(registry, deadline: deadline)
            let pipeline = try await FleetPipeline.resolve(
                paths: target.paths, app: nil, cluster: nil, selector: nil, store: registry, trees: engine.trees)
            if verifyingKey { try registry.verifyKey() }
            let strategies = try RolloutStrategies.load(paths: pipeline.resolution.fleetPaths)
            guard let strategy = strategies[target.applicationSet] else {
                let known = strategies.keys.sorted()
                throw CommandFailure(
                    "ApplicationSet \(target.applicationSet) has no RollingSync strategy in the fleet files"
                        + (known.isEmpty ? "" : " (those with one: \(known.joined(separator: ", ")))"),
                    exitCode: 2)
            }
            let plan = RolloutPlan(
                strategy, targets: pipeline.targets.filter { $0.applicationSet == target.applicationSet })
            return RolloutContext(
                registry: registry, engine: engine, pipeline: pipeline, plan: plan,
                rollouts: RolloutSync(plans: [target.applicationSet: plan]))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }
}
