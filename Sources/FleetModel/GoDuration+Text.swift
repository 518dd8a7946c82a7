import Foundation

extension GoDuration {
    /// `duration` as Go's `Duration.String` writes it, to the millisecond: "0s", "500ms", "30s",
    /// "1.5s", "1m30s", "1h0m0s" (what `parse` reads back).
    public static func text(of duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else { return "0s" }
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let seconds = milliseconds % 60_000
        let secondsText =
            seconds % 1000 == 0 ? "\(seconds / 1000)s" : String(format: "%gs", Double(seconds) / 1000)
        if hours > 0 { return "\(hours)h\(minutes)m\(secondsText)" }
        if minutes > 0 { return "\(minutes)m\(secondsText)" }
        return secondsText
    }
}
