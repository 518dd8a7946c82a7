/// How one step of a replay went.
public struct StepOutcome: Sendable {
    /// The scenario.
    public var scenario: String
    /// The step's index, from 0.
    public var step: Int
    /// The step's note.
    public var note: String
    /// Differences no exception covers.
    public var differences: [ReplayDifference]
    /// Differences an exception covers, with the exception.
    public var excused: [(difference: ReplayDifference, exception: ReplayException)]

    /// Whether the answer matched, once exceptions are taken into account.
    public var matches: Bool { differences.isEmpty }

    /// Whether the answer matched without any exception.
    public var matchesExactly: Bool { differences.isEmpty && excused.isEmpty }

    /// `scenario#3 match`, or the step followed by one line per difference.
    public var report: String {
        let head = "\(scenario)#\(step) (\(note))"
        var lines = [matches ? "\(head): match" : "\(head): MISMATCH"]
        lines += differences.map { "  \($0)" }
        lines += excused.map { "  excused (\($0.exception.reason)): \($0.difference)" }
        return lines.joined(separator: "\n")
    }
}
