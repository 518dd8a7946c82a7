/// A difference from a transcript that is expected, and why: something a replay cannot
/// reproduce (a controller's timing, a value the recording left raw), never a missing
/// feature. Each one is justified in `docs/design-notes.md`.
public struct ReplayException: Sendable, Equatable {
    /// The scenario it applies to.
    public var scenario: String
    /// The steps it applies to.
    public var steps: Set<Int>
    /// The paths it covers (a difference at or under one of them is excused).
    public var paths: [String]
    /// Why the difference is expected.
    public var reason: String

    /// An exception.
    public init(scenario: String, steps: Set<Int>, paths: [String], reason: String) {
        self.scenario = scenario
        self.steps = steps
        self.paths = paths
        self.reason = reason
    }

    /// Whether this exception covers `difference` at `step` of `scenario`.
    public func covers(_ difference: ReplayDifference, scenario: String, step: Int) -> Bool {
        self.scenario == scenario && steps.contains(step) && paths.contains { difference.lies(under: $0) }
    }
}
