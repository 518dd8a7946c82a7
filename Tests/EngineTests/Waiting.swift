import KubeClient
import Synchronization

/// Shared counters a fake cluster's gate and a test both see: lanes (clusters) with a request
/// held, the most such lanes at once, and requests written.
final class GateLog: Sendable {
    private let state = Mutex<(held: [String: Int], most: Int, writes: [String])>(([:], 0, []))

    var held: Int { state.withLock { $0.held.count } }
    var most: Int { state.withLock { $0.most } }
    var writes: [String] { state.withLock { $0.writes } }

    func wrote(_ entry: String) { state.withLock { $0.writes.append(entry) } }

    /// Counts `lane` as holding a request until `body` returns.
    func holding<T>(_ lane: String, _ body: () async throws -> T) async throws -> T {
        state.withLock {
            $0.held[lane, default: 0] += 1
            $0.most = max($0.most, $0.held.count)
        }
        defer {
            state.withLock {
                $0.held[lane]! -= 1
                if $0.held[lane] == 0 { $0.held[lane] = nil }
            }
        }
        return try await body()
    }
}

/// Suspends until the task is cancelled, then throws as an aborted request does.
func untilCancelled(_ cluster: String) async throws {
    while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(3600))
    }
    throw KubeError(.cancelled, cluster: cluster, message: "request cancelled")
}
