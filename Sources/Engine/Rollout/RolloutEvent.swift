import Registry

/// Progress of a rollout, for the command line and the controller's log.
public enum RolloutEvent: Sendable {
    /// A step opened: its index, the plan's step, and how many of its targets need a sync.
    case stepStarted(Int, RolloutPlan.Step, toSync: Int)
    /// Every target of the step is Synced and Healthy (or within `maxUnavailable`).
    case stepHealthy(Int)
    /// The step bakes for its `pauseAfter` before the next one opens.
    case baking(Int, Duration)
    /// The rollout stopped; the record says where and why (halted, or not started again).
    case stopped(RolloutRecord)
    /// Every step is Synced and Healthy.
    case completed(RolloutRecord)
}
