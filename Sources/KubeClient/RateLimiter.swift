/// A cluster's request budget, client-go style: `qps` requests a second on average, up to
/// `burst` at once after a quiet spell. Callers wait their turn in arrival order.
public actor RateLimiter {
    /// Requests a second.
    public nonisolated let qps: Double
    /// Requests that may go at once.
    public nonisolated let burst: Int
    private var tokens: Double
    private var refilled = ContinuousClock.now

    /// A limiter; `qps` may be below 1 (0.5: one request every 2 s) but is at least one
    /// request an hour, `burst` at least 1.
    public init(qps: Double, burst: Int) {
        self.qps = max(qps, 1.0 / 3600)
        self.burst = max(burst, 1)
        tokens = Double(max(burst, 1))
    }

    /// Takes a token, waiting until one is due.
    public func acquire(for cluster: String) async throws(KubeError) {
        let wait = reserve(at: .now)
        guard wait > .zero else { return }
        do {
            try await Task.sleep(for: wait)
        } catch {
            throw KubeError(.cancelled, cluster: cluster, message: "cancelled while waiting for the request rate limit")
        }
    }

    /// Takes a token now, possibly one that only becomes due later (tokens may go negative,
    /// which queues the callers fairly); how long the caller must wait for it.
    func reserve(at now: ContinuousClock.Instant) -> Duration {
        let elapsed = refilled.duration(to: now)
        refilled = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(Double(burst), tokens + seconds * qps)
        tokens -= 1
        return tokens >= 0 ? .zero : .nanoseconds(Int64(-tokens / qps * 1e9))
    }
}
