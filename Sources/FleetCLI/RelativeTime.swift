import Foundation

/// Times relative to now as kubectl's AGE column writes them: `45s`, `12m`, `5h`, `30d`.
enum RelativeTime {
    /// How long ago `date` was: `5m ago` (`0s ago` for a time in the future).
    static func ago(_ date: Date, now: Date) -> String {
        "\(span(now.timeIntervalSince(date))) ago"
    }

    /// `in 29d` for a time to come, `3h ago` for one past.
    static func around(_ date: Date, now: Date) -> String {
        date > now ? "in \(span(date.timeIntervalSince(now)))" : ago(date, now: now)
    }

    /// A length of time in its largest whole unit, from seconds under two minutes to days from two days.
    static func span(_ interval: TimeInterval) -> String {
        let seconds = max(0, Int(interval))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<(3 * 3600): return "\(seconds / 60)m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86400)d"
        }
    }
}
