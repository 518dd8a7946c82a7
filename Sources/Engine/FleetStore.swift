import FleetModel
import Registry

/// Where the pipeline reads clusters and recorded targets and writes what it learned.
/// `Registry` is the store of the command line; tests use one in memory.
public protocol FleetStore: Sendable {
    /// Every registered cluster, by name.
    func registeredClusters() throws -> [Cluster]
    /// Every recorded target.
    func targets() throws -> [TargetState]
    /// The recorded state of `application` on `cluster`, if any.
    func target(_ application: String, on cluster: String) throws -> TargetState?
    /// Records targets' states and history entries in one transaction.
    func record(_ updates: [TargetUpdate]) throws
    /// Forgets targets, each with a last history entry when given, in one transaction.
    func forget(_ targets: [(application: String, cluster: String, entry: SyncHistoryEntry?)]) throws
}

extension Registry: FleetStore {
    /// Every registered cluster as generators see it, by name.
    public func registeredClusters() throws -> [Cluster] {
        try clusters().map(\.cluster)
    }
}
