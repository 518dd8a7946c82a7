/// When each target was last healed and how many heals in a row were undone soon after, for
/// the self-heal backoff: drift that comes back within the backoff's cap of a heal counts as
/// the heal undone; drift after a longer quiet spell starts over. Times are offsets on the
/// controller's clock (`Stopwatch`).
struct HealTracker: Sendable {
    private var last: [String: (at: Duration, undone: Int)] = [:]

    /// The wait before healing `id` again.
    mutating func delay(for id: String, now: Duration, backoff: HealBackoff) -> Duration {
        guard let previous = last[id] else { return .zero }
        guard now - previous.at < backoff.cap else {
            last[id] = nil
            return .zero
        }
        return backoff.delay(afterUndoneHeals: previous.undone)
    }

    /// `id` was healed at `now`.
    mutating func healed(_ id: String, at now: Duration) {
        let undone = last[id].map { $0.undone + 1 } ?? 0
        last[id] = (now, undone)
    }
}

/// Time elapsed on a clock since the stopwatch was made (any clock, a manual one in tests).
struct Stopwatch: Sendable {
    /// The time since the start.
    let elapsed: @Sendable () -> Duration

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
    }
}
