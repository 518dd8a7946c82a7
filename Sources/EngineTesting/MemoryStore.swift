import Engine
import FleetModel
import Registry
import Synchronization

/// A `FleetStore` in memory: registered clusters, recorded targets and their history, written
/// as the registry writes them (an update sees the recorded state; history keeps the newest
/// `historyLimit` entries).
public final class MemoryStore: RollbackStore, RolloutStore {
    private let clusters: [Cluster]
    private let state = Mutex<
        (
            targets: [String: TargetState], history: [SyncHistoryEntry], holds: [SyncHold], cycles: [ControllerCycle],
            rollouts: [String: RolloutRecord]
        )
    >(([:], [], [], [], [:]))

    /// A store of `clusters` with `targets` recorded.
    public init(clusters: [Cluster], targets: [TargetState] = []) {
        self.clusters = clusters
        state.withLock { $0.targets = Dictionary(uniqueKeysWithValues: targets.map { (Self.id($0), $0) }) }
    }

    /// The recorded targets, by `app@cluster`.
    public var recorded: [String: TargetState] { state.withLock { $0.targets } }
    /// Every history entry, oldest first.
    public var history: [SyncHistoryEntry] { state.withLock { $0.history } }

    public func registeredClusters() throws -> [Cluster] { clusters.sorted { $0.name < $1.name } }

    public func targets() throws -> [TargetState] {
        state.withLock { $0.targets.values.sorted { ($0.application, $0.cluster) < ($1.application, $1.cluster) } }
    }

    public func target(_ application: String, on cluster: String) throws -> TargetState? {
        state.withLock { $0.targets["\(application)@\(cluster)"] }
    }

    public func record(_ updates: [TargetUpdate]) throws {
        state.withLock { stored in
            for update in updates {
                let id = "\(update.application)@\(update.cluster)"
                let (new, entry) = update.make(stored.targets[id])
                stored.targets[id] = new
                guard var entry else { continue }
                entry.id = (stored.history.compactMap(\.id).max() ?? 0) + 1
                stored.history.append(entry)
                let mine = stored.history.indices.filter { Self.id(stored.history[$0]) == id }
                for index in mine.dropLast(max(1, update.historyLimit)).reversed() { stored.history.remove(at: index) }
            }
        }
    }

    public func forget(_ targets: [(application: String, cluster: String, entry: SyncHistoryEntry?)]) throws {
        state.withLock { stored in
            for target in targets {
                stored.targets["\(target.application)@\(target.cluster)"] = nil
                if let entry = target.entry { stored.history.append(entry) }
            }
        }
    }

    /// The history of `application` (on `cluster`, or every cluster), newest first.
    public func history(of application: String, cluster: String?) throws -> [SyncHistoryEntry] {
        state.withLock { stored in
            stored.history.filter { entry in
                entry.application == application && (cluster.map { $0 == entry.cluster } ?? true)
            }.reversed()
        }
    }

    /// The rollout recorded for `applicationSet`.
    public func rollout(of applicationSet: String) throws -> RolloutRecord? {
        state.withLock { $0.rollouts[applicationSet] }
    }

    /// Records a rollout.
    public func saveRollout(_ rollout: RolloutRecord) throws {
        state.withLock { $0.rollouts[rollout.applicationSet] = rollout }
    }

    /// Held targets (see `SyncHold`).
    public func holds() throws -> [SyncHold] { state.withLock { $0.holds } }

    /// Holds a target.
    public func hold(_ hold: SyncHold) {
        state.withLock { stored in
            stored.holds.removeAll { $0.targetID == hold.targetID }
            stored.holds.append(hold)
        }
    }

    /// Releases holds.
    public func release(_ targets: [(application: String, cluster: String)]) throws {
        let ids = Set(targets.map { "\($0.application)@\($0.cluster)" })
        state.withLock { $0.holds.removeAll { ids.contains($0.targetID) } }
    }

    /// Every recorded controller cycle, oldest first.
    public var cycles: [ControllerCycle] { state.withLock { $0.cycles } }

    /// Records a controller cycle.
    public func recordCycle(_ cycle: ControllerCycle) throws {
        state.withLock { $0.cycles.append(cycle) }
    }

    private static func id(_ state: TargetState) -> String { "\(state.application)@\(state.cluster)" }
    private static func id(_ entry: SyncHistoryEntry) -> String { "\(entry.application)@\(entry.cluster)" }
}
