/// A kind in an API group and version: `apps/v1` `Deployment`. The one place `apiVersion`
/// is split into group and version.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    /// The API group, empty for the core group.
    public var group: String
    /// The version within the group (`v1`).
    public var version: String
    /// The kind.
    public var kind: String

    /// A group, version and kind.
    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// The kind of `apiVersion` (`apps/v1`, or `v1` for the core group).
    public init(apiVersion: String, kind: String) {
        if let slash = apiVersion.firstIndex(of: "/") {
            group = String(apiVersion[..<slash])
            version = String(apiVersion[apiVersion.index(after: slash)...])
        } else {
            group = ""
            version = apiVersion
        }
        self.kind = kind
    }

    /// The kind of `object`, from its `apiVersion` and `kind`.
    public init(_ object: JSONValue) {
        self.init(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
    }

    /// `apps/v1`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `Deployment.v1.apps`, kubectl's spelling (`Namespace.v1` for the core group).
    public var description: String { group.isEmpty ? "\(kind).\(version)" : "\(kind).\(version).\(group)" }
}
