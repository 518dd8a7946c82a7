/// An Argo CD `AppProject`: which sources, destinations and kinds its Applications may use,
/// and when they may sync. `AppProject+Rules` answers whether something is permitted.
public struct AppProject: Sendable, Hashable {
    /// `metadata.name`.
    public let name: String
    /// `spec.sourceRepos`: repository URL globs (`!` denies) Applications may deploy from.
    public let sourceRepos: [String]
    /// `spec.destinations`: cluster (name or server) and namespace globs (`!` denies).
    public let destinations: [ApplicationDestination]
    /// `spec.clusterResourceWhitelist`: the cluster-scoped kinds permitted (none when empty).
    public let clusterResourceWhitelist: [GroupKindPattern]
    /// `spec.clusterResourceBlacklist`: cluster-scoped kinds refused.
    public let clusterResourceBlacklist: [GroupKindPattern]
    /// `spec.namespaceResourceWhitelist`: the namespaced kinds permitted; nil (absent) permits
    /// every kind, an empty list none.
    public let namespaceResourceWhitelist: [GroupKindPattern]?
    /// `spec.namespaceResourceBlacklist`: namespaced kinds refused.
    public let namespaceResourceBlacklist: [GroupKindPattern]
    /// `spec.syncWindows`.
    public let syncWindows: [SyncWindow]
    /// Where the project is written (nil for the implicit `default`).
    public let location: SourceLocation?
    /// `sourceRepos` compiled (normalized as repository URLs), checked for every Application.
    let sourcePatterns: [RulePattern]
    /// `destinations` compiled.
    let destinationPatterns: [DestinationPattern]

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
        sourcePatterns = sourceRepos.map {
            RulePattern($0, separators: ["/"], normalize: AppProject.normalizedRepository)
        }
        destinationPatterns = destinations.map(DestinationPattern.init)
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
    public let group: String
    /// The kind pattern.
    public let kind: String
    private let groupGlob: ProjectGlob?
    private let kindGlob: ProjectGlob?

    /// An entry.
    public init(group: String, kind: String) {
        self.group = group
        self.kind = kind
        groupGlob = ProjectGlob(group, separators: ["/"])
        kindGlob = ProjectGlob(kind, separators: ["/"])
    }

    /// Whether `group`/`kind` matches (Go's `filepath.Match` on each, as Argo CD; a malformed
    /// pattern matches nothing).
    public func matches(group: String, kind: String) -> Bool {
        (kindGlob?.matches(kind) ?? false) && (groupGlob?.matches(group) ?? false)
    }

    /// `group/kind`, with `""` shown for the core group.
    public var description: String { "\(group.isEmpty ? "\"\"" : group)/\(kind)" }
}
