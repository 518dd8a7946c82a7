/// One finished request to a cluster's API, as a request observer sees it: what metrics count
/// (`argocd_app_k8s_request_total`), never a body or a credential.
public struct KubeRequestRecord: Sendable, Equatable {
    /// The client's cluster name.
    public var cluster: String
    /// The Kubernetes verb: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, or
    /// `discovery` for `/version`, `/api` and `/apis` documents.
    public var verb: String
    /// The kind asked for (`Deployment`), empty for discovery.
    public var resourceKind: String
    /// The namespace of the object or collection, empty when cluster-wide.
    public var resourceNamespace: String
    /// The HTTP status the server answered, 0 when no answer came (connection refused, timeout).
    public var responseCode: Int
    /// From sending to the answer (the wait for the rate limiter not included).
    public var duration: Duration
    /// The Application it was made for, when the engine said (see `RequestAttribution`).
    public var application: RequestAttribution?

    /// A record.
    public init(
        cluster: String, verb: String, resourceKind: String, resourceNamespace: String = "", responseCode: Int,
        duration: Duration, application: RequestAttribution? = nil
    ) {
        self.application = application
        self.cluster = cluster
        self.verb = verb
        self.resourceKind = resourceKind
        self.resourceNamespace = resourceNamespace
        self.responseCode = responseCode
        self.duration = duration
    }
}

/// Told about every request a `KubeClient` sends, after its answer (or failure); called on the
/// requesting task, so it must be quick and must not block.
public typealias KubeRequestObserver = @Sendable (KubeRequestRecord) -> Void

/// What a request is, for its record.
struct RequestLabel: Sendable {
    var verb: String
    var kind: String
    var namespace: String

    static let discovery = RequestLabel(verb: "discovery", kind: "", namespace: "")

    init(verb: String, kind: String, namespace: String?) {
        self.verb = verb
        self.kind = kind
        self.namespace = namespace ?? ""
    }

    init(_ verb: String, _ type: ResourceType, _ namespace: String?) {
        self.init(verb: verb, kind: type.kind, namespace: namespace)
    }
}
