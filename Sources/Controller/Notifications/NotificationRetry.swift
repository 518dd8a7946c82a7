/// How a failed delivery is tried again: `attempts` in all, waiting `first`, then `factor`
/// times longer each time, never more than `cap`.
public struct NotificationRetry: Sendable, Equatable {
    /// Attempts in all (at least 1).
    public var attempts: Int
    /// The wait after the first failed attempt.
    public var first: Duration
    /// How much longer each next wait is.
    public var factor: Int
    /// The longest wait.
    public var cap: Duration

    /// A retry policy; by default 5 attempts over about half a minute (1 s, 2 s, 4 s, 8 s).
    public init(attempts: Int = 5, first: Duration = .seconds(1), factor: Int = 2, cap: Duration = .seconds(60)) {
        self.attempts = max(1, attempts)
        self.first = first
        self.factor = max(1, factor)
        self.cap = cap
    }

    /// The wait after failed attempt `attempt` (1-based).
    public func delay(after attempt: Int) -> Duration {
        var delay = first
        for _ in 1..<max(1, attempt) where delay < cap { delay *= factor }
        return min(delay, cap)
    }
}
