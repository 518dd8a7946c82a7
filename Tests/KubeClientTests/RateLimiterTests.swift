import Foundation
import Testing

@testable import KubeClient

@Suite("Request rate limit per cluster")
struct RateLimiterTests {
    @Test("a burst goes at once, then one a rate interval apart; a quiet spell refills up to the burst")
    func burstThenRate() async {
        let limiter = RateLimiter(qps: 20, burst: 5)
        let start = ContinuousClock.now
        var waits: [Duration] = []
        for _ in 0..<8 { waits.append(await limiter.reserve(at: start)) }
        #expect(waits.prefix(5).allSatisfy { $0 == .zero }, "\(waits)")
        #expect(waits.suffix(3) == [.milliseconds(50), .milliseconds(100), .milliseconds(150)], "\(waits)")
        // 10 s later the 3 borrowed tokens are repaid and the bucket is full again, not fuller.
        let later = start + .seconds(10)
        var refilled: [Duration] = []
        for _ in 0..<6 { refilled.append(await limiter.reserve(at: later)) }
        #expect(refilled.prefix(5).allSatisfy { $0 == .zero } && refilled[5] == .milliseconds(50), "\(refilled)")
    }

    @Test("below one a second, requests are that many seconds apart")
    func slow() async {
        let limiter = RateLimiter(qps: 0.5, burst: 1)
        let start = ContinuousClock.now
        #expect(await limiter.reserve(at: start) == .zero)
        #expect(await limiter.reserve(at: start) == .seconds(2))
    }

    @Test("waiting is real: 10 beyond the burst at 20 a second take half a second")
    func realTime() async throws {
        let limiter = RateLimiter(qps: 20, burst: 5)
        let started = ContinuousClock.now
        for _ in 0..<15 { try await limiter.acquire(for: "c1") }
        let total = started.duration(to: .now)
        #expect(total >= .milliseconds(450), "\(total)")
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
