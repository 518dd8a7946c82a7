/// A kind a cluster serves, as discovery describes it.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
    /// The version: `v1`.
    public var version: String
    /// The kind: `Deployment`.
    public var kind: String
    /// The resource: `deployments`.
    public var plural: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// The verbs the server allows: `get`, `list`, `watch`, `create`, `patch`, `delete`, …
    public var verbs: [String]

    /// A resource type.
    public init(group: String, version: String, kind: String, plural: String, namespaced: Bool, verbs: [String]) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.namespaced = namespaced
        self.verbs = verbs
    }

    /// `apps/v1`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, as kubectl names resources.
    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The URL path of the collection or of one object: `/apis/apps/v1/namespaces/ns/deployments/web`.
    /// A cluster-scoped type ignores `namespace`.
    /// Every segment is percent-encoded, so a name can never add a segment or climb out of
    /// its collection (`x/../../other/configmaps/y` stays one segment).
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        let escape = PathSegment.escape
        var path = group.isEmpty ? "/api/\(escape(version))" : "/apis/\(escape(group))/\(escape(version))"
        if namespaced, let namespace { path += "/namespaces/\(escape(namespace))" }
        path += "/\(escape(plural))"
        if let name { path += "/\(escape(name))" }
        if let subresource { path += "/\(escape(subresource))" }
        return path
    }
}

/// The `/version` answer.
public struct ServerVersion: Sendable, Equatable {
    /// `v1.36.0`.
    public var gitVersion: String
    /// `linux/amd64`.
    public var platform: String

    /// A version.
    public init(gitVersion: String, platform: String) {
        self.gitVersion = gitVersion
        self.platform = platform
    }
}
