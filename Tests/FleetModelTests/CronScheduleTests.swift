import FleetModel
import Foundation
import Testing

@Suite("Cron schedules (robfig/cron's five fields and descriptors)")
struct CronScheduleTests {
    /// `2026-12-05T01:40:00Z`-style text → Date.
    static func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
        return date
    }

    static func text(_ date: Date?) -> String? {
        date.map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test(
        "the next firing is strictly after the instant",
        arguments: [
            ("* * * * *", "2026-12-05T01:40:00Z", "2026-12-05T01:41:00Z"),
            ("* * * * *", "2026-12-05T01:40:30Z", "2026-12-05T01:41:00Z"),
            ("0 22 * * *", "2026-12-05T01:40:00Z", "2026-12-05T22:00:00Z"),
            ("0 22 * * *", "2026-12-05T22:00:00Z", "2026-12-06T22:00:00Z"),
            ("*/15 * * * *", "2026-12-05T01:40:00Z", "2026-12-05T01:45:00Z"),
            ("10-50/20 * * * *", "2026-12-05T01:31:00Z", "2026-12-05T01:50:00Z"),
            ("5/20 * * * *", "2026-12-05T01:46:00Z", "2026-12-05T02:05:00Z"),
            ("0 9 * * mon-fri", "2026-12-05T10:00:00Z", "2026-12-07T09:00:00Z"),  // Saturday → Monday
            ("0 9 * * 1,3,5", "2026-12-07T10:00:00Z", "2026-12-09T09:00:00Z"),
            ("0 0 1 JAN *", "2026-12-05T00:00:00Z", "2027-01-01T00:00:00Z"),
            ("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),  // leap years only
            ("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"),  // April has no 31st
            ("0 12 13 * 5", "2026-12-05T00:00:00Z", "2026-12-11T12:00:00Z"),  // day or weekday: Friday 11th
            ("0 12 13 * ?", "2026-12-05T00:00:00Z", "2026-12-13T12:00:00Z"),  // '?' is '*'
            ("@hourly", "2026-12-05T01:40:00Z", "2026-12-05T02:00:00Z"),
            ("@daily", "2026-12-05T01:40:00Z", "2026-12-06T00:00:00Z"),
            ("@weekly", "2026-12-05T01:40:00Z", "2026-12-06T00:00:00Z"),  // Sunday
            ("@monthly", "2026-12-05T01:40:00Z", "2027-01-01T00:00:00Z"),
            ("@yearly", "2026-12-05T01:40:00Z", "2027-01-01T00:00:00Z"),
            ("@every 1h30m", "2026-12-05T01:40:00Z", "2026-12-05T03:10:00Z"),
            ("59 23 31 12 *", "1969-12-31T23:58:00Z", "1969-12-31T23:59:00Z"),  // before the epoch
        ])
    func next(schedule: String, after: String, expected: String) throws {
        let parsed = try CronSchedule(schedule)
        #expect(Self.text(parsed.next(after: Self.at(after))) == expected)
    }

    @Test("a date that never comes has no next firing")
    func never() throws {
        #expect(try CronSchedule("0 0 30 2 *").next(after: Self.at("2026-01-01T00:00:00Z")) == nil)
    }

    @Test(
        "malformed schedules name the field and the problem",
        arguments: [
            ("* * * *", "expected 5 fields"),
            ("60 * * * *", "minute \"60\": 60 is outside 0-59"),
            ("* 24 * * *", "hour \"24\": 24 is outside 0-23"),
            ("* * 0 * *", "day of month \"0\": 0 is outside 1-31"),
            ("* * * 13 *", "month \"13\": 13 is outside 1-12"),
            ("* * * * 7", "day of week \"7\": 7 is outside 0-6"),
            ("* * * foo *", "month \"foo\": \"foo\" is not a number or a name"),
            ("*/0 * * * *", "the step must be a positive number"),
            ("5-1 * * * *", "the range starts after it ends"),
            ("1,,2 * * * *", "expected a value"),
            ("@sometimes", "unknown descriptor"),
            ("@every soon", "is not a duration"),
        ])
    func malformed(schedule: String, message: String) {
        #expect {
            _ = try CronSchedule(schedule)
        } throws: { error in
            (error as? CronError)?.message.contains(message) == true
        }
    }

    @Test(
        "Go durations",
        arguments: [
            ("1h", 3600.0), ("1h30m", 5400.0), ("1.5h", 5400.0), ("90m", 5400.0), ("45s", 45.0), ("300ms", 0.3),
            ("0", 0.0),
        ])
    func durations(text: String, seconds: Double) throws {
        let duration = try GoDuration.parse(text)
        #expect(
            abs(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 - seconds) < 1e-9)
    }

    @Test("bad durations are errors", arguments: ["", "1", "1d", "h", "-1h", "99999999999999999h"])
    func badDurations(text: String) {
        #expect(throws: CronError.self) { _ = try GoDuration.parse(text) }
    }
}
