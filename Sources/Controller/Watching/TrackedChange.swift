import FleetModel

/// A change to a tracked object of one cluster that may be drift: something changed the
/// object's spec, metadata or data, created it, or deleted it. Status-only updates and
/// events already seen are never reported (see `ClusterWatch`).
public struct TrackedChange: Sendable, Hashable, CustomStringConvertible {
    /// What happened to the object.
    public enum Kind: String, Sendable, Hashable {
        /// A tracked object appeared (created by someone, or by a sync).
        case added
        /// A tracked object's content changed (not only its status).
        case modified
        /// A tracked object is gone, or no longer carries the tracking label.
        case deleted
    }

    /// The cluster's name.
    public var cluster: String
    /// The Application the object belongs to (its tracking label).
    public var application: String
    /// The object.
    public var key: ResourceKey
    /// What happened.
    public var kind: Kind
    /// The object's `resourceVersion` after the change (for a deletion, the deletion's), when known.
    public var resourceVersion: String?
    /// Whether the change was found by comparing a relist with what was known (after a
    /// `410 Expired`), rather than reported by a watch event.
    public var foundByRelist: Bool

    /// A change.
    public init(
        cluster: String, application: String, key: ResourceKey, kind: Kind, resourceVersion: String? = nil,
        foundByRelist: Bool = false
    ) {
        self.cluster = cluster
        self.application = application
        self.key = key
        self.kind = kind
        self.resourceVersion = resourceVersion
        self.foundByRelist = foundByRelist
    }

    /// `prod-eu: Deployment/shop/web (web-prod) modified`.
    public var description: String {
        "\(cluster): \(key) (\(application)) \(kind.rawValue)"
    }
}
