import Engine

/// Clusters that could not be reached (or refused, or hung) in their last run, skipped until
/// their backoff passes — 10 s after the first failure, doubling, at most 5 minutes — so that a
/// cluster that is down costs one probe per backoff, not a request timeout per cycle and per
/// trigger. Times are offsets on the controller's clock.
struct ClusterBackoff: Sendable {
    private var failing: [String: (failures: Int, retryAt: Duration)] = [:]
    let initial: Duration
    let cap: Duration

    init(initial: Duration = .seconds(10), cap: Duration = .seconds(300)) {
        self.initial = initial
        self.cap = cap
    }

    /// Whether `cluster` is waiting out its backoff at `now`; when it is, until when.
    func retryAt(_ cluster: String, now: Duration) -> Duration? {
        guard let entry = failing[cluster], entry.retryAt > now else { return nil }
        return entry.retryAt
    }

    /// Learns from a run's reports: a cluster that could not be used (its connection, its
    /// probe) backs off further; one that answered is well.
    mutating func learn(from reports: [TargetReport], now: Duration) {
        for (cluster, reports) in Dictionary(grouping: reports, by: \.target.cluster) {
            guard reports.contains(where: \.clusterUnavailable) else {
                failing[cluster] = nil
                continue
            }
            let failures = (failing[cluster]?.failures ?? 0) + 1
            var wait = initial
            for _ in 1..<failures where wait < cap { wait = wait * 2 }
            failing[cluster] = (failures, now + min(wait, cap))
        }
    }
}
