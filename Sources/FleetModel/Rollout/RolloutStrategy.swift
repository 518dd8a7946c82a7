/// An ApplicationSet's `spec.strategy` of `type: RollingSync`: its generated Applications are
/// updated step by step, each step opening only when the previous one is Synced, Healthy and
/// baked. `type: AllAtOnce` (or no strategy) is no `RolloutStrategy` at all.
public struct RolloutStrategy: Sendable, Equatable {
    /// `rollingSync.steps`, in order.
    public var steps: [RolloutStep]
    /// `rollingSync.autoPartitionSize`: the Applications no step selects are updated after the
    /// listed steps, in batches of this size (Rancher Fleet's idea); nil: in one last step.
    public var autoPartitionSize: RolloutQuantity?

    /// A strategy of `steps`.
    public init(steps: [RolloutStep], autoPartitionSize: RolloutQuantity? = nil) {
        self.steps = steps
        self.autoPartitionSize = autoPartitionSize
    }
}

/// One step of a rolling sync.
public struct RolloutStep: Sendable, Equatable {
    /// `matchExpressions` over the generated Applications' labels (all must hold).
    public var selector: LabelSelector
    /// `maxUpdate`: how many of the step's targets are updated at once (Argo CD's default 100%).
    public var maxUpdate: RolloutQuantity
    /// `pauseAfter`: the bake time once the step is Healthy, before the next step opens.
    public var pauseAfter: Duration
    /// `maxUnavailable`: how many of the step's targets may fail or turn Degraded before the
    /// rollout halts (default 0: the first one halts it).
    public var maxUnavailable: RolloutQuantity

    /// A step.
    public init(
        selector: LabelSelector, maxUpdate: RolloutQuantity = .percent(100), pauseAfter: Duration = .zero,
        maxUnavailable: RolloutQuantity = .count(0)
    ) {
        self.selector = selector
        self.maxUpdate = maxUpdate
        self.pauseAfter = pauseAfter
        self.maxUnavailable = maxUnavailable
    }
}

/// A number of targets, written as an integer or as a percentage of a step's targets
/// (`"25%"`), as Kubernetes' `IntOrString` fields are.
public enum RolloutQuantity: Sendable, Equatable, CustomStringConvertible {
    /// That many targets.
    case count(Int)
    /// That share of the targets.
    case percent(Int)

    /// How many of `total` targets: a percentage rounds down but is at least 1 of a non-empty
    /// step when above 0% (Argo CD's `maxUpdate` rule); never more than `total`.
    public func of(_ total: Int) -> Int {
        switch self {
        case .count(let count): return min(count, total)
        case .percent(let percent):
            let share = total * percent / 100
            return min(total, percent > 0 && total > 0 ? max(1, share) : share)
        }
    }

    public var description: String {
        switch self {
        case .count(let count): "\(count)"
        case .percent(let percent): "\(percent)%"
        }
    }
}
