/// Argo CD's health states, best first; an Application is as healthy as its worst object.
///
/// The order is Argo CD's: `healthy < suspended < progressing < missing < degraded < unknown`,
/// so `max()` over a set of states is the state of the whole.
public enum HealthStatus: String, Sendable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    /// The object is doing what it was asked to do.
    case healthy = "Healthy"
    /// The object is paused or suspended on purpose (a paused Deployment, a suspended CronJob).
    case suspended = "Suspended"
    /// The object is not healthy yet but still on its way (a rollout, a pending claim).
    case progressing = "Progressing"
    /// The object is not in the cluster.
    case missing = "Missing"
    /// The object failed or cannot reach health without help.
    case degraded = "Degraded"
    /// The object's health could not be told.
    case unknown = "Unknown"

    /// `Healthy`, `Progressing`, …
    public var description: String { rawValue }

    /// The position in Argo CD's order, best first.
    private var severity: Int {
        switch self {
        case .healthy: 0
        case .suspended: 1
        case .progressing: 2
        case .missing: 3
        case .degraded: 4
        case .unknown: 5
        }
    }

    /// True when `lhs` is healthier than `rhs`.
    public static func < (lhs: HealthStatus, rhs: HealthStatus) -> Bool {
        lhs.severity < rhs.severity
    }
}

/// The health of one object (or of a group of objects): a state and why.
public struct HealthAssessment: Sendable, Equatable {
    /// The state.
    public var status: HealthStatus
    /// A human-readable reason, as Argo CD shows it; empty when there is nothing to say.
    public var message: String

    /// An assessment of `status`, with an optional `message`.
    public init(_ status: HealthStatus, _ message: String = "") {
        self.status = status
        self.message = message
    }

    /// The worst of `assessments` with its message (the first one when several share the worst state);
    /// Healthy with no message when there are none.
    public static func worst(_ assessments: [HealthAssessment]) -> HealthAssessment {
        assessments.max { $0.status < $1.status } ?? HealthAssessment(.healthy)
    }
}
