import Engine
import Registry

/// What the controller keeps beyond the pipeline's store: targets held after a rollback,
/// rollouts (`RolloutStore`), and the time of its last cycle. `Registry` is the store of `flotilla serve`; tests use one in memory.
public protocol ControllerStore: RollbackStore, RolloutStore {
    /// Every held target.
    func holds() throws -> [SyncHold]
    /// Releases the holds of these targets.
    func release(_ targets: [(application: String, cluster: String)]) throws
    /// Records a finished cycle.
    func recordCycle(_ cycle: ControllerCycle) throws
}

extension Registry: ControllerStore {}
