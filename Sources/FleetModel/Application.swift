/// An Argo CD `Application` (`argoproj.io/v1alpha1`): what to deploy and where.
///
/// The typed fields are views over `document`, which keeps every field the
/// author wrote (known or not) in their order, so output passes them through.
public struct Application: Sendable, Hashable {
    /// The Argo CD API version every Application is written with.
    public static let apiVersion = "argoproj.io/v1alpha1"

    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`, when set.
    public var namespace: String?
    /// `spec.project` (`default` when the author left it out).
    public var project: String
    /// `spec.source`, or every entry of `spec.sources`.
    public var sources: [ApplicationSource]
    /// `spec.destination`.
    public var destination: ApplicationDestination
    /// `spec.syncPolicy`, when set.
    public var syncPolicy: SyncPolicy?
    /// The whole document, as written, with `apiVersion`, `kind` and the default project filled in.
    public var document: JSONValue
}

/// One source of an Application: a repository, a revision and a path or chart.
public struct ApplicationSource: Sendable, Hashable {
    /// `repoURL`.
    public var repoURL: String
    /// `targetRevision` (`HEAD` when absent, as in Argo CD).
    public var targetRevision: String
    /// `path`, when set.
    public var path: String?
    /// `chart`, when set (a Helm repository source).
    public var chart: String?

    /// A source with the given fields.
    public init(repoURL: String, targetRevision: String = "HEAD", path: String? = nil, chart: String? = nil) {
        self.repoURL = repoURL
        self.targetRevision = targetRevision
        self.path = path
        self.chart = chart
    }
}

/// Where an Application is deployed: a cluster by name or server URL, and a namespace.
public struct ApplicationDestination: Sendable, Hashable {
    /// `name`: the registered cluster name.
    public var name: String?
    /// `server`: the API server URL.
    public var server: String?
    /// `namespace`: the default namespace for namespaced objects without one.
    public var namespace: String?

    /// A destination with the given fields.
    public init(name: String? = nil, server: String? = nil, namespace: String? = nil) {
        self.name = name
        self.server = server
        self.namespace = namespace
    }
}

/// `spec.syncPolicy`: automation, options and retries.
public struct SyncPolicy: Sendable, Hashable {
    /// `automated`, when sync runs without a person.
    public var automated: Automated?
    /// `syncOptions` such as `CreateNamespace=true`.
    public var syncOptions: [String]
    /// `retry`, when failed syncs are retried.
    public var retry: Retry?

    /// `syncPolicy.automated`.
    public struct Automated: Sendable, Hashable {
        /// Delete objects no longer in Git.
        public var prune: Bool
        /// Undo changes made on the cluster.
        public var selfHeal: Bool
        /// Allow a sync that would leave the Application with no objects.
        public var allowEmpty: Bool

        /// An automated policy; everything off by default, as in Argo CD.
        public init(prune: Bool = false, selfHeal: Bool = false, allowEmpty: Bool = false) {
            self.prune = prune
            self.selfHeal = selfHeal
            self.allowEmpty = allowEmpty
        }
    }

    /// `syncPolicy.retry`.
    public struct Retry: Sendable, Hashable {
        /// How many times to retry (a negative limit retries forever, as in Argo CD).
        public var limit: Int
        /// `backoff.duration`, e.g. `5s`.
        public var duration: String?
        /// `backoff.factor`.
        public var factor: Int?
        /// `backoff.maxDuration`, e.g. `3m`.
        public var maxDuration: String?

        /// A retry policy.
        public init(limit: Int, duration: String? = nil, factor: Int? = nil, maxDuration: String? = nil) {
            self.limit = limit
            self.duration = duration
            self.factor = factor
            self.maxDuration = maxDuration
        }
    }
}
