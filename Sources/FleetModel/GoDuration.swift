/// Go's `time.ParseDuration`, as Argo CD reads a sync window's `duration`: a sequence of
/// decimal numbers with units (`1h`, `1h30m`, `1.5h`, `90m`, `45s`, `300ms`, `10us`, `5ns`).
public enum GoDuration {
    /// The duration `text` says; a negative or unitless duration is an error.
    public static func parse(_ text: String) throws(CronError) -> Duration {
        var rest = Substring(text)
        guard !rest.isEmpty else { throw CronError("the duration is empty (e.g. 1h, 30m, 1h30m)") }
        if rest == "0" { return .zero }
        var total = Duration.zero
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else {
                throw CronError("\"\(text)\" is not a duration (e.g. 1h, 30m, 1h30m)")
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            guard let scale = units[String(unit)] else {
                throw CronError(
                    "\"\(text)\": \(unit.isEmpty ? "a number needs a unit" : "unknown unit \"\(unit)\"") "
                        + "(ns, us, ms, s, m, h)")
            }
            let nanoseconds = (value * scale).rounded()
            guard nanoseconds.isFinite, nanoseconds < 9e18 else {
                throw CronError("\"\(text)\" is too long a duration")
            }
            total += .nanoseconds(Int64(nanoseconds))
        }
        return total
    }

    private static let units: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]
}
