import Registry

/// Where one step of a rollout stands (pure), as the dashboard's rollout page and
/// `flotilla rollout status -o json` show it.
public enum RolloutStepState: String, Sendable, CaseIterable {
    /// Its targets run the rollout's commit, Synced and Healthy: the rollout went past it.
    case done
    /// The step being synced or waited on, or baking (`pauseAfter`) before the next one opens.
    case current
    /// Not opened yet: its targets keep the revision they run.
    case waiting
    /// The step the rollout stopped at: a target failed or turned Degraded, or a person aborted it.
    case halted

    /// The state of each of `stepCount` steps under `record` (nil: not started, every step
    /// waits). A completed rollout has every step done; an active one the steps before its
    /// current step done and the later ones waiting. An aborted rollout took the steps it
    /// reached back to their last healthy revision: they wait again (Resume goes over them),
    /// and the step it stopped at is halted. A record of more steps than the plan now has
    /// (the plan changed since) stands at the last step. A record of another plan (`planDigest`
    /// differs: a template or strategy change) is a rollout not recorded yet, which serve opens
    /// at its first step: that step is current, the others wait.
    public static func of(stepCount: Int, record: RolloutRecord?, planDigest: String? = nil) -> [RolloutStepState] {
        guard let record, stepCount > 0 else { return Array(repeating: .waiting, count: stepCount) }
        if let planDigest, record.digest != planDigest {
            return (0..<stepCount).map { $0 == 0 ? .current : .waiting }
        }
        let at = min(max(record.step, 0), stepCount - 1)
        return (0..<stepCount).map { index in
            switch record.state {
            case .completed: .done
            case .progressing, .paused: index < at ? .done : index == at ? .current : .waiting
            case .halted: index < at ? .done : index == at ? .halted : .waiting
            case .aborted: index == at ? .halted : .waiting
            }
        }
    }
}
