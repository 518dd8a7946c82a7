/// The Application a request is made for: the engine says it while it works on a target, and
/// each `KubeRequestRecord` carries it, so that metrics count requests per Application as Argo
/// CD's `argocd_app_k8s_request_total` does. Lane-wide work (probes, the lane's lists,
/// watches) is for no one Application.
public struct RequestAttribution: Sendable, Hashable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`, empty when none.
    public var namespace: String
    /// `spec.project`.
    public var project: String

    /// An attribution.
    public init(name: String, namespace: String, project: String) {
        self.name = name
        self.namespace = namespace
        self.project = project
    }

    /// The Application the current task works for, if any.
    @TaskLocal public static var current: RequestAttribution?
}
