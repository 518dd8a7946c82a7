import Engine
import Registry

/// What a `rollout` subcommand works on: the registry, the fleet's pipeline and the
/// ApplicationSet's plan. A fleet or registry that cannot be read, or an ApplicationSet without
/// a `RollingSync` strategy, is a usage error (exit 2) naming those that have one.
struct RolloutContext {
    let registry: Registry
    let pipeline: FleetPipeline
    let plan: RolloutPlan
    let rollouts: RolloutSync

    init(_ target: RolloutTarget, verifyingKey: Bool) throws {
        do {
            registry = try RegistryAccess.requireExisting()
            pipeline = try FleetPipeline.resolve(
                paths: target.paths, app: nil, cluster: nil, selector: nil, store: registry)
            if verifyingKey { try registry.verifyKey() }
            let strategies = try RolloutStrategies.load(paths: pipeline.resolution.fleetPaths)
            guard let strategy = strategies[target.applicationSet] else {
                let known = strategies.keys.sorted()
                throw CommandFailure(
                    "ApplicationSet \(target.applicationSet) has no RollingSync strategy in the fleet files"
                        + (known.isEmpty ? "" : " (those with one: \(known.joined(separator: ", ")))"),
                    exitCode: 2)
            }
            plan = RolloutPlan(
                strategy, targets: pipeline.targets.filter { $0.applicationSet == target.applicationSet })
            rollouts = RolloutSync(plans: [target.applicationSet: plan])
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }
}
