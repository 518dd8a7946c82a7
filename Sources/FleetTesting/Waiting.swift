import Synchronization

/// Waits until `condition` holds, polling; fails the wait after `limit` (a generous bound: the
/// conditions are about tasks reaching a point, not about time passing).
public func eventually(
    _ what: String, within limit: Duration = .seconds(30), _ condition: @Sendable () async -> Bool
) async throws {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: limit)
    while await !condition() {
        guard clock.now < end else { throw WaitTimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(2))
    }
}

/// `eventually` gave up.
public struct WaitTimedOut: Error, CustomStringConvertible {
    /// What was waited for.
    public let what: String
    public var description: String { "timed out waiting for \(what)" }
}

/// A one-way latch: `wait()` returns once `open()` has been called (or at once after).
public final class Latch: Sendable {
    private let state = Mutex(false)

    /// A closed latch.
    public init() {}

    /// Whether it was opened.
    public var isOpen: Bool { state.withLock { $0 } }

    /// Opens it for good.
    public func open() { state.withLock { $0 = true } }

    /// Returns once open, or when the waiting task is cancelled.
    public func wait() async {
        while !isOpen, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(2)) }
    }
}
