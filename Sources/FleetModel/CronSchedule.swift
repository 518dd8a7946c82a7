import Foundation

/// A cron schedule as Argo CD's sync windows read it (robfig/cron with the standard five
/// fields and descriptors): minute, hour, day of month, month, day of week; `*` and `?`, lists
/// (`1,15`), ranges (`1-5`), steps (`*/15`, `10-50/20`, `5/10` from 5 to the end), month
/// and day names (`JAN`, `mon-fri`), and `@yearly`, `@annually`, `@monthly`, `@weekly`,
/// `@daily`, `@midnight`, `@hourly`, `@every 1h30m`.
///
/// Times are evaluated on a UTC calendar: a caller with a time zone shifts the instant first
/// (see `SyncWindow`), as Argo CD does.
public struct CronSchedule: Sendable, Hashable {
    /// The schedule as written.
    public let text: String
    private let rule: Rule

    private enum Rule: Sendable, Hashable {
        case fields(Fields)
        case every(seconds: Int64)
    }

    struct Fields: Sendable, Hashable {
        var minutes: Set<Int>
        var hours: Set<Int>
        var days: Set<Int>
        var months: Set<Int>
        var weekdays: Set<Int>
        /// Whether day of month or day of week was `*`/`?`: then both must match, else either.
        var dayIsStar: Bool
    }

    /// How far ahead `next(after:)` looks before it gives up (`0 0 30 2 *` never comes).
    static let horizonYears = 5

    /// Parses `text`; the error says which field is wrong and why.
    public init(_ text: String) throws(CronError) {
        self.text = text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("@") {
            rule = try Self.descriptor(trimmed)
            return
        }
        let parts = trimmed.split(whereSeparator: \.isWhitespace).map(String.init)
        guard parts.count == 5 else {
            throw CronError("expected 5 fields (minute hour day-of-month month day-of-week), found \(parts.count)")
        }
        let minutes = try CronField.parse(parts[0], .minute)
        let hours = try CronField.parse(parts[1], .hour)
        let days = try CronField.parse(parts[2], .dayOfMonth)
        let months = try CronField.parse(parts[3], .month)
        let weekdays = try CronField.parse(parts[4], .dayOfWeek)
        rule = .fields(
            Fields(
                minutes: minutes.values, hours: hours.values, days: days.values, months: months.values,
                weekdays: weekdays.values, dayIsStar: days.isStar || weekdays.isStar))
    }

    private static func descriptor(_ text: String) throws(CronError) -> Rule {
        let all = { (field: CronField) in Set(field.range) }
        let fields = { (minute: Int, hour: Int?, day: Int?, month: Int?, weekday: Int?, star: Bool) in
            Rule.fields(
                Fields(
                    minutes: [minute], hours: hour.map { [$0] } ?? all(.hour),
                    days: day.map { [$0] } ?? all(.dayOfMonth),
                    months: month.map { [$0] } ?? all(.month), weekdays: weekday.map { [$0] } ?? all(.dayOfWeek),
                    dayIsStar: star))
        }
        switch text.lowercased() {
        case "@yearly", "@annually": return fields(0, 0, 1, 1, nil, true)
        case "@monthly": return fields(0, 0, 1, nil, nil, true)
        case "@weekly": return fields(0, 0, nil, nil, 0, true)
        case "@daily", "@midnight": return fields(0, 0, nil, nil, nil, true)
        case "@hourly": return fields(0, nil, nil, nil, nil, true)
        default: break
        }
        let every = "@every "
        guard text.lowercased().hasPrefix(every) else { throw CronError("unknown descriptor \(text)") }
        let duration: Duration
        do {
            duration = try GoDuration.parse(String(text.dropFirst(every.count)))
        } catch {
            throw CronError("\(text): \(error.message)")
        }
        // robfig/cron rounds an interval up to at least one second, dropping fractions.
        return .every(seconds: max(1, duration.components.seconds))
    }

    /// The first time strictly after `instant` (to the minute, seconds zero) the schedule
    /// fires, on a UTC calendar; nil when it never does within five years.
    public func next(after instant: Date) -> Date? {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        switch rule {
        case .every(let interval):
            return Date(timeIntervalSince1970: TimeInterval(seconds + interval))
        case .fields(let fields):
            return fields.next(afterMinute: Self.floorDivide(seconds, 60) + 1).map {
                Date(timeIntervalSince1970: TimeInterval($0 * 60))
            }
        }
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}

extension CronSchedule.Fields {
    /// The first matching minute (since the epoch) at or after `start`.
    func next(afterMinute start: Int64) -> Int64? {
        var minute = start
        let limit = start + Int64(CronSchedule.horizonYears) * 366 * 24 * 60
        while minute <= limit {
            let time = CivilTime(epochMinute: minute)
            if !months.contains(time.month) {
                let (year, month) = time.month == 12 ? (time.year + 1, 1) : (time.year, time.month + 1)
                minute = CivilTime.epochDay(year: year, month: month, day: 1) * 1440
                continue
            }
            if !dayMatches(time) {
                minute = (time.epochDay + 1) * 1440
                continue
            }
            if !hours.contains(time.hour) {
                minute += Int64(60 - time.minute)
                continue
            }
            if !minutes.contains(time.minute) {
                minute += 1
                continue
            }
            return minute
        }
        return nil
    }

    private func dayMatches(_ time: CivilTime) -> Bool {
        let dayMatch = days.contains(time.day)
        let weekdayMatch = weekdays.contains(time.weekday)
        return dayIsStar ? dayMatch && weekdayMatch : dayMatch || weekdayMatch
    }
}

/// A schedule that does not parse, and why.
public struct CronError: Error, Sendable, Equatable {
    /// What is wrong.
    public var message: String

    init(_ message: String) {
        self.message = message
    }
}
