import Foundation
import Registry

/// What the dashboard hears live (`/api/v1/events`).
public enum FleetEvent: Sendable {
    /// A target was reconciled: its new state, and the project and policy it has in the fleet.
    case target(TargetState, project: String, automated: Bool)
    /// A refresh cycle finished.
    case cycle(finishedAt: Date, targets: Int)
}
