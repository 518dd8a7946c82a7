/// An Argo CD `AppProject`: which sources, destinations and kinds its Applications may use,
/// and when they may sync. `AppProject+Rules` answers whether something is permitted.
public struct AppProject: Sendable, Hashable {
    /// `metadata.name`.
    public var name: String
    /// `spec.sourceRepos`: repository URL globs (`!` denies) Applications may deploy from.
    public var sourceRepos: [String]
    /// `spec.destinations`: cluster (name or server) and namespace globs (`!` denies).
    public var destinations: [ApplicationDestination]
    /// `spec.clusterResourceWhitelist`: the cluster-scoped kinds permitted (none when empty).
    public var clusterResourceWhitelist: [GroupKindPattern]
    /// `spec.clusterResourceBlacklist`: cluster-scoped kinds refused.
    public var clusterResourceBlacklist: [GroupKindPattern]
    /// `spec.namespaceResourceWhitelist`: the namespaced kinds permitted; nil (absent) permits
    /// every kind, an empty list none.
    public var namespaceResourceWhitelist: [GroupKindPattern]?
    /// `spec.namespaceResourceBlacklist`: namespaced kinds refused.
    public var namespaceResourceBlacklist: [GroupKindPattern]
    /// `spec.syncWindows`.
    public var syncWindows: [SyncWindow]
    /// Where the project is written (nil for the implicit `default`).
    public var location: SourceLocation?

    /// A project with these rules.
    public init(
        name: String, sourceRepos: [String] = [], destinations: [ApplicationDestination] = [],
        clusterResourceWhitelist: [GroupKindPattern] = [], clusterResourceBlacklist: [GroupKindPattern] = [],
        namespaceResourceWhitelist: [GroupKindPattern]? = nil, namespaceResourceBlacklist: [GroupKindPattern] = [],
        syncWindows: [SyncWindow] = [], location: SourceLocation? = nil
    ) {
        self.name = name
        self.sourceRepos = sourceRepos
        self.destinations = destinations
        self.clusterResourceWhitelist = clusterResourceWhitelist
        self.clusterResourceBlacklist = clusterResourceBlacklist
        self.namespaceResourceWhitelist = namespaceResourceWhitelist
        self.namespaceResourceBlacklist = namespaceResourceBlacklist
        self.syncWindows = syncWindows
        self.location = location
    }

    /// The project `default` when the fleet writes none: it permits everything, as the one
    /// Argo CD creates (`sourceRepos: ['*']`, every destination, every kind).
    public static let permissiveDefault = AppProject(
        name: "default", sourceRepos: ["*"], destinations: [ApplicationDestination(server: "*", namespace: "*")],
        clusterResourceWhitelist: [GroupKindPattern(group: "*", kind: "*")])
}

/// A `{group, kind}` entry of a resource white- or blacklist: shell patterns (`*`, `?`, `[…]`).
public struct GroupKindPattern: Sendable, Hashable, CustomStringConvertible {
    /// The API group pattern (`""` is the core group).
    public var group: String
    /// The kind pattern.
    public var kind: String

    /// An entry.
    public init(group: String, kind: String) {
        self.group = group
        self.kind = kind
    }

    /// Whether `group`/`kind` matches (Go's `filepath.Match` on each, as Argo CD).
    public func matches(group: String, kind: String) -> Bool {
        Self.match(self.kind, kind) && Self.match(self.group, group)
    }

    private static func match(_ pattern: String, _ value: String) -> Bool {
        ProjectGlob(pattern, separators: ["/"])?.matches(value) ?? false
    }

    /// `group/kind`, with `""` shown for the core group.
    public var description: String { "\(group.isEmpty ? "\"\"" : group)/\(kind)" }
}
