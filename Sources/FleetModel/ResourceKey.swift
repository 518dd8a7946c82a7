/// What identifies an object in a cluster: group, kind, namespace and name.
public struct ResourceKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The API group, empty for the core group.
    public var group: String
    /// The kind.
    public var kind: String
    /// The namespace, empty for cluster-scoped objects.
    public var namespace: String
    /// The name.
    public var name: String

    /// A key.
    public init(group: String, kind: String, namespace: String, name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// The key of `object`, from its `apiVersion`, `kind` and metadata.
    public init(_ object: JSONValue) {
        let type = GroupVersionKind(object)
        group = type.group
        kind = type.kind
        namespace = object["metadata"]?["namespace"]?.stringValue ?? ""
        name = object["metadata"]?["name"]?.stringValue ?? ""
    }

    /// `Deployment/prod/web`, or `Namespace/prod` for cluster-scoped objects, as sync output prints them.
    public var description: String {
        namespace.isEmpty ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)"
    }

    /// The value of the tracking annotation for this object in `application`.
    public func trackingID(application: String) -> String {
        "\(application):\(group)/\(kind):\(namespace)/\(name)"
    }

    public static func < (lhs: ResourceKey, rhs: ResourceKey) -> Bool {
        (lhs.group, lhs.kind, lhs.namespace, lhs.name) < (rhs.group, rhs.kind, rhs.namespace, rhs.name)
    }
}
