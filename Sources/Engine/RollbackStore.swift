import Registry

/// A store that keeps sync history and holds: what a rollback reads and writes beyond the
/// pipeline's store. `Registry` is one; tests use one in memory.
public protocol RollbackStore: FleetStore {
    /// The sync history of `application` (on `cluster`, or every cluster), newest first.
    func history(of application: String, cluster: String?) throws -> [SyncHistoryEntry]
    /// Pauses automated sync of a rolled-back target (see `SyncHold`).
    func hold(_ hold: SyncHold) throws
}

extension Registry: RollbackStore {}
