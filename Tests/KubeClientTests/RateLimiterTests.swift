import Foundation
import KubeClient
import Testing

@Suite("Request rate limit per cluster")
struct RateLimiterTests {
    @Test("a burst goes at once, the rest at the rate, in arrival order")
    func burstThenRate() async throws {
        let limiter = RateLimiter(qps: 20, burst: 5)
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<5 { try await limiter.acquire(for: "c1") }
        let burst = started.duration(to: clock.now)
        for _ in 0..<10 { try await limiter.acquire(for: "c1") }
        let total = started.duration(to: clock.now)
        #expect(burst < .seconds(1), "the burst waits for nothing: \(burst)")
        #expect(total >= .milliseconds(450), "10 beyond the burst at 20 a second take half a second: \(total)")
        #expect(total < .seconds(5))
    }

    @Test("callers waiting at once are served one rate interval apart")
    func concurrentCallers() async throws {
        let limiter = RateLimiter(qps: 10, burst: 1)
        let clock = ContinuousClock()
        let started = clock.now
        let finished = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await limiter.acquire(for: "c1")
                    return started.duration(to: clock.now)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
        let spread = (finished.last ?? .zero) - (finished.first ?? .zero)
        #expect(spread >= .milliseconds(450), "after the first, 5 waited 0.1 s each in turn: \(finished)")
    }

    @Test("a cancelled wait is a Cancelled error naming the cluster")
    func cancelled() async {
        let limiter = RateLimiter(qps: 1, burst: 1)
        let waiter = Task {
            try await limiter.acquire(for: "c1")
            try await limiter.acquire(for: "c1")
        }
        try? await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        let result = await waiter.result
        guard case .failure(let error as KubeError) = result else {
            Issue.record("expected a KubeError, got \(result)")
            return
        }
        #expect(error.reason == .cancelled && error.cluster == "c1")
    }
}
