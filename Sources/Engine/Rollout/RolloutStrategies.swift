import FleetModel

/// The ApplicationSets of fleet files that roll out by steps, with their strategies.
public enum RolloutStrategies {
    /// The `RollingSync` strategy of each ApplicationSet in the fleet files at `paths`, by name.
    public static func load(paths: [String]) throws -> [String: RolloutStrategy] {
        var strategies: [String: RolloutStrategy] = [:]
        for case .applicationSet(let set) in try FleetLoader.load(paths: paths).documents {
            if let strategy = set.strategy { strategies[set.name] = strategy }
        }
        return strategies
    }

    /// The plan of each strategy over its ApplicationSet's targets among `targets`.
    public static func plans(_ strategies: [String: RolloutStrategy], targets: [FleetTarget]) -> [String: RolloutPlan] {
        var plans: [String: RolloutPlan] = [:]
        for (name, strategy) in strategies {
            let own = targets.filter { $0.applicationSet == name }
            if !own.isEmpty { plans[name] = RolloutPlan(strategy, targets: own) }
        }
        return plans
    }
}
