/// A minute on the proleptic Gregorian UTC calendar, computed without Foundation's calendar
/// (Howard Hinnant's days-from-civil algorithms): what the cron evaluator steps through.
struct CivilTime: Sendable, Hashable {
    var year: Int
    /// 1–12.
    var month: Int
    /// 1–31.
    var day: Int
    /// 0 (Sunday) – 6.
    var weekday: Int
    var hour: Int
    var minute: Int
    /// Days since 1970-01-01.
    var epochDay: Int64

    /// The civil time of `epochMinute` minutes since 1970-01-01T00:00Z.
    init(epochMinute: Int64) {
        epochDay = CronSchedule.floorDivide(epochMinute, 1440)
        let minuteOfDay = Int(epochMinute - epochDay * 1440)
        hour = minuteOfDay / 60
        minute = minuteOfDay % 60
        // 1970-01-01 was a Thursday (4).
        weekday = Int(((epochDay % 7) + 11) % 7)
        let shifted = epochDay + 719_468
        let era = CronSchedule.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 of a calendar date.
    static func epochDay(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = CronSchedule.floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
