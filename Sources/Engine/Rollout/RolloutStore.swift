import Registry

/// A store that keeps rollout records beside the pipeline's state: `Registry` is one; tests use one in memory.
public protocol RolloutStore: FleetStore {
    /// The rollout recorded for `applicationSet`, if any.
    func rollout(of applicationSet: String) throws -> RolloutRecord?
    /// Records `rollout`, replacing the ApplicationSet's earlier one.
    func saveRollout(_ rollout: RolloutRecord) throws
}

extension Registry: RolloutStore {}
