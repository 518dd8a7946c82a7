import Foundation
import Synchronization

/// How one cluster's watches are doing, for `flotilla_watches` and the cluster page.
public struct ClusterWatchStatus: Sendable, Equatable {
    /// The cluster's name.
    public var cluster: String
    /// How many resource types are watched.
    public var watchedTypes: Int
    /// How many watches are open right now (their list or stream reached the server and
    /// has not failed since).
    public var openWatches: Int
    /// The types (`deployments.apps`) whose watch is not open: connecting, or backing off.
    public var disconnectedTypes: [String]
    /// The latest error of any of the cluster's watches, with the type it came from; kept
    /// after the watch recovers (`lastErrorAt` says when).
    public var lastError: String?
    /// When `lastError` happened.
    public var lastErrorAt: Date?
    /// Relists since the watch started (after `410 Expired`, or to start a type).
    public var lists: Int
    /// Changes reported since the watch started.
    public var changes: Int

    /// Whether every watched type has an open watch.
    public var connected: Bool { disconnectedTypes.isEmpty }
}

/// The state of each type's watch, shared by the watch tasks and the `ClusterWatch` that
/// reports it; a lock, not an actor, so that a task records without waiting its turn.
final class WatchHealth: Sendable {
    private struct TypeState {
        var open = false
    }

    private struct State {
        var types: [String: TypeState] = [:]
        var lastError: String?
        var lastErrorAt: Date?
        var lists = 0
        var changes = 0
    }

    private let state = Mutex(State())
    let cluster: String

    init(cluster: String) {
        self.cluster = cluster
    }

    func add(_ type: String) { state.withLock { $0.types[type] = TypeState() } }
    func remove(_ type: String) { state.withLock { $0.types[type] = nil } }

    func opened(_ type: String) {
        state.withLock { $0.types[type]?.open = true }
    }

    func listed(_ type: String) {
        state.withLock {
            $0.types[type]?.open = true
            $0.lists += 1
        }
    }

    func failed(_ type: String, _ message: String) {
        state.withLock {
            $0.types[type]?.open = false
            $0.lastError = "\(type): \(message)"
            $0.lastErrorAt = Date()
        }
    }

    func reported(_ count: Int) {
        state.withLock { $0.changes += count }
    }

    var status: ClusterWatchStatus {
        state.withLock { state in
            ClusterWatchStatus(
                cluster: cluster, watchedTypes: state.types.count,
                openWatches: state.types.values.filter(\.open).count,
                disconnectedTypes: state.types.filter { !$0.value.open }.map(\.key).sorted(),
                lastError: state.lastError, lastErrorAt: state.lastErrorAt, lists: state.lists,
                changes: state.changes)
        }
    }
}
