/// How long to wait before healing a target again when its last heal was undone, as Argo CD's
/// self-heal backoff: 2 s, then ×3 each time the drift comes back soon after a heal, capped at
/// 5 minutes; a target that stays healed for longer than the cap starts over at 2 s. So
/// Flotilla never fights another controller in a tight loop.
public struct HealBackoff: Sendable, Equatable {
    /// The first wait.
    public var initial: Duration
    /// Each wait is the previous one times this.
    public var factor: Int
    /// No wait is longer.
    public var cap: Duration

    /// Argo CD's defaults: 2 s, ×3, at most 5 minutes.
    public init(initial: Duration = .seconds(2), factor: Int = 3, cap: Duration = .seconds(300)) {
        self.initial = initial
        self.factor = max(1, factor)
        self.cap = cap
    }

    /// The wait before the heal after `consecutive` heals that were undone (0: the first heal
    /// waits `initial`).
    public func delay(afterUndoneHeals consecutive: Int) -> Duration {
        var delay = initial
        for _ in 0..<max(0, consecutive) {
            delay = delay * factor
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }
}
