import FleetModel

/// `syncPolicy.retry`: how often and how patiently a failed sync is tried again.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts after the first.
    public var limit: Int
    /// The first wait.
    public var duration: Duration
    /// Each wait is the previous one times this.
    public var factor: Int
    /// No wait is longer.
    public var maxDuration: Duration

    /// A policy; Argo CD's defaults are 5 s, factor 2, at most 3 min.
    public init(limit: Int, duration: Duration = .seconds(5), factor: Int = 2, maxDuration: Duration = .seconds(180)) {
        self.limit = limit
        self.duration = duration
        self.factor = factor
        self.maxDuration = maxDuration
    }

    /// The policy of an Application's `syncPolicy.retry`, nil when it has none.
    public init?(_ retry: SyncPolicy.Retry?) throws(ReconcileError) {
        guard let retry else { return nil }
        self.init(
            limit: retry.limit,
            duration: try retry.duration.map { text throws(ReconcileError) in try Self.parse(text) } ?? .seconds(5),
            factor: retry.factor ?? 2,
            maxDuration: try retry.maxDuration.map { text throws(ReconcileError) in try Self.parse(text) }
                ?? .seconds(180))
    }

    /// The wait before attempt `attempt` (1 for the first retry).
    public func delay(before attempt: Int) -> Duration {
        var delay = duration
        for _ in 1..<max(1, attempt) { delay = min(delay * factor, maxDuration) }
        return min(delay, maxDuration)
    }

    /// Go-style durations: `5s`, `2m`, `1h`, `1m30s`, `500ms`.
    static func parse(_ text: String) throws(ReconcileError) -> Duration {
        var total = Duration.zero
        var number = ""
        var rest = Substring(text)
        guard !rest.isEmpty else { throw ReconcileError("retry duration \"\(text)\" is empty") }
        while let character = rest.first {
            if character.isNumber {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            let unit = rest.prefix { $0.isLetter }
            guard let value = Int(number), !unit.isEmpty else {
                throw ReconcileError("retry duration \"\(text)\" is not like 5s, 2m or 1h")
            }
            switch unit {
            case "ms": total += .milliseconds(value)
            case "s": total += .seconds(value)
            case "m": total += .seconds(value * 60)
            case "h": total += .seconds(value * 3600)
            default: throw ReconcileError("retry duration \"\(text)\" has an unknown unit \"\(unit)\"")
            }
            number = ""
            rest = rest.dropFirst(unit.count)
        }
        guard number.isEmpty else { throw ReconcileError("retry duration \"\(text)\" needs a unit (s, m, h)") }
        return total
    }
}

/// Waits, so that tests can replace time.
public protocol Sleeper: Sendable {
    /// Returns after `duration` (or sooner, for a test's clock).
    func sleep(for duration: Duration) async
}

/// Real time.
public struct ContinuousSleeper: Sleeper {
    /// Real time.
    public init() {}

    public func sleep(for duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}
