/// One of a cron schedule's five fields: its bounds and names, and the parsing of its text.
enum CronField: Sendable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The values the field may hold.
    var range: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...6
        }
    }

    var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day of month"
        case .month: "month"
        case .dayOfWeek: "day of week"
        }
    }

    private var names: [String: Int] {
        switch self {
        case .month:
            [
                "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
                "nov": 11, "dec": 12,
            ]
        case .dayOfWeek: ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
        default: [:]
        }
    }

    /// The values `text` selects, and whether it was `*` or `?` (which matters for days).
    static func parse(_ text: String, _ field: CronField) throws(CronError) -> (values: Set<Int>, isStar: Bool) {
        var values: Set<Int> = []
        var isStar = false
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let (selected, star) = try field.parseRange(String(part))
            values.formUnion(selected)
            isStar = isStar || star
        }
        return (values, isStar)
    }

    /// `*`, `?`, `N`, `N-M`, each optionally `/step`; `N/step` runs from N to the field's end.
    private func parseRange(_ text: String) throws(CronError) -> (Set<Int>, Bool) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count <= 2, let rangeText = pieces.first, !rangeText.isEmpty else {
            throw CronError("\(name) \"\(text)\": expected a value, a range or a step")
        }
        var step = 1
        if pieces.count == 2 {
            guard let parsed = Int(pieces[1]), parsed > 0 else {
                throw CronError("\(name) \"\(text)\": the step must be a positive number")
            }
            step = parsed
        }
        var star = false
        let low: Int
        var high: Int
        if rangeText == "*" || rangeText == "?" {
            (low, high) = (range.lowerBound, range.upperBound)
            star = step == 1
        } else {
            let bounds = rangeText.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count <= 2 else { throw CronError("\(name) \"\(text)\": a range has two ends") }
            low = try value(bounds[0], in: text)
            high = bounds.count == 2 ? try value(bounds[1], in: text) : (pieces.count == 2 ? range.upperBound : low)
            guard low <= high else {
                throw CronError("\(name) \"\(text)\": the range starts after it ends")
            }
        }
        return (Set(stride(from: low, through: high, by: step)), star)
    }

    private func value(_ text: String, in whole: String) throws(CronError) -> Int {
        guard let number = Int(text) ?? names[text.lowercased()] else {
            throw CronError("\(name) \"\(whole)\": \"\(text)\" is not a number" + (names.isEmpty ? "" : " or a name"))
        }
        guard range.contains(number) else {
            throw CronError("\(name) \"\(whole)\": \(number) is outside \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }
}
