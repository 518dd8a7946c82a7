import Reconcile

/// How a `ClusterWatch` watches: which objects, how long each watch asks to stay open, how
/// it backs off from a cluster that drops or refuses.
public struct WatchOptions: Sendable {
    /// The label selector of tracked objects: every object carrying the tracking label
    /// (`app.kubernetes.io/instance`, an `exists` selector).
    public var labelSelector: String
    /// The server ends each watch after a random number of seconds in this range (as
    /// client-go's reflector does, 5 to 10 minutes), so that watches of many clusters do not
    /// all reconnect at once; the watch resumes from its last resource version.
    public var timeoutSeconds: ClosedRange<Int>
    /// A watch that has not ended `timeoutSeconds` plus this long after it started is taken
    /// for a dead connection (a cluster that vanished without closing it) and reconnected.
    public var staleGrace: Duration
    /// The wait between attempts after a cluster drops or refuses.
    public var backoff: WatchBackoff
    /// A number in `0..<1` for the backoff's jitter; tests pin it.
    public var random: @Sendable () -> Double

    /// Options; the defaults suit production.
    public init(
        labelSelector: String = Tracking.label, timeoutSeconds: ClosedRange<Int> = 300...600,
        staleGrace: Duration = .seconds(30), backoff: WatchBackoff = WatchBackoff(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.labelSelector = labelSelector
        self.timeoutSeconds = timeoutSeconds
        self.staleGrace = staleGrace
        self.backoff = backoff
        self.random = random
    }
}

/// Exponential backoff with jitter for reconnecting to a cluster: 1 s, 2 s, 4 s … capped at
/// 30 s by default, each wait spread by ±`jitter` so that a fleet's watches do not
/// reconnect in step after a network blip.
public struct WatchBackoff: Sendable, Equatable {
    /// The first wait.
    public var initial: Duration
    /// Each wait is the previous one times this.
    public var factor: Int
    /// No wait is longer.
    public var cap: Duration
    /// The fraction (0…1) by which a wait is spread either way.
    public var jitter: Double

    /// A backoff; the defaults are 1 s, ×2, at most 30 s, ±20 %.
    public init(initial: Duration = .seconds(1), factor: Int = 2, cap: Duration = .seconds(30), jitter: Double = 0.2) {
        self.initial = initial
        self.factor = max(1, factor)
        self.cap = cap
        self.jitter = min(1, max(0, jitter))
    }

    /// The wait after `failures` consecutive failures (1: the first), with `random` in `0..<1`
    /// placing it within the jitter.
    public func delay(afterFailures failures: Int, random: Double) -> Duration {
        var delay = initial
        for _ in 1..<max(1, failures) {
            delay = delay * factor
            if delay >= cap { break }
        }
        delay = min(delay, cap)
        let spread = 1 - jitter + 2 * jitter * min(1, max(0, random))
        return min(cap, delay * spread)
    }
}
