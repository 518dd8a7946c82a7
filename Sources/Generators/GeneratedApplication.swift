import FleetModel

/// An Application produced from a fleet, with where it came from.
public struct GeneratedApplication: Sendable {
    /// The Application.
    public var application: Application
    /// Its source for messages: `fleets/web.yaml:6:5 (ApplicationSet web, params #2: env=prod)`.
    public var origin: String
    /// The ApplicationSet that generated it, or nil for a plain Application document.
    public var applicationSet: String?
}
