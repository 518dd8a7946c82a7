/// When the next refresh cycle starts: every `interval`, spread by ±`jitter` (a fraction) so
/// that many controllers, or many repositories, do not all fetch at once.
public struct RefreshSchedule: Sendable, Equatable {
    /// The mean time between cycles.
    public var interval: Duration
    /// The spread, as a fraction of `interval` (0.1: ±10%).
    public var jitter: Double

    /// Argo CD's timeout.reconciliation: 3 minutes, here ±10%.
    public init(interval: Duration = .seconds(180), jitter: Double = 0.1) {
        self.interval = interval
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The wait before the next cycle, for `random` drawn uniformly from 0..<1.
    public func wait(random: Double) -> Duration {
        let spread = (min(max(random, 0), 1) * 2 - 1) * jitter
        let milliseconds = Double(interval / .milliseconds(1)) * (1 + spread)
        return .milliseconds(Int64(milliseconds.rounded()))
    }
}
