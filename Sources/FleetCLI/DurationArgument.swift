import ArgumentParser

/// A duration on the command line as Go and Argo CD write them: `90s`, `3m`, `1h30m`, `500ms`,
/// and in days as token lifetimes are written: `30d`, `1d12h`.
struct DurationArgument: ExpressibleByArgument, Sendable, Equatable {
    /// The duration.
    let duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        let units: [(suffix: String, scale: Duration)] = [
            ("ms", .milliseconds(1)), ("d", .seconds(86400)), ("h", .seconds(3600)), ("m", .seconds(60)),
            ("s", .seconds(1)),
        ]
        var rest = Substring(argument)
        var total = Duration.zero
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(digits), value >= 0 else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += unit.scale * value
        }
        duration = total
    }

    /// Examples of durations, for error messages.
    static let examples = "30d, 12h, 1h30m or 90s"

    var defaultValueDescription: String {
        let seconds = duration.components.seconds
        if seconds % 60 == 0, seconds > 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
