import Engine
import FleetModel
import Reconcile

/// The labels Argo CD puts on an Application's metrics, taken from a target: the same
/// names and meanings, so that Argo CD's dashboards and alerts read Flotilla's metrics.
public struct ApplicationLabels: Sendable, Hashable {
    /// Argo CD's namespace for Applications that name none.
    public static let defaultNamespace = "argocd"

    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`, else `argocd`.
    public var namespace: String
    /// `spec.project`.
    public var project: String
    /// The destination cluster's API server URL.
    public var destServer: String
    /// `spec.destination.namespace`, empty when none.
    public var destNamespace: String
    /// The first source's repository URL, without credentials.
    public var repo: String
    /// Whether `syncPolicy.automated` is set.
    public var autosync: Bool

    /// Labels given one by one.
    public init(
        name: String, namespace: String = ApplicationLabels.defaultNamespace, project: String = "default",
        destServer: String, destNamespace: String = "", repo: String = "", autosync: Bool = false
    ) {
        self.name = name
        self.namespace = namespace
        self.project = project
        self.destServer = destServer
        self.destNamespace = destNamespace
        self.repo = repo
        self.autosync = autosync
    }

    /// The labels of `application` deployed to the cluster whose API server is `server`
    /// (the registry knows it when the destination names the cluster rather than its URL).
    public init(_ application: Application, server: String) {
        self.init(
            name: application.name,
            namespace: application.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultNamespace,
            project: application.project.isEmpty ? "default" : application.project,
            destServer: server, destNamespace: application.destination.namespace ?? "",
            repo: application.sources.first.map { GitRemote.redacted($0.repoURL) } ?? "",
            autosync: application.syncPolicy?.automated != nil)
    }

    /// The labels of `target`; `server` is its cluster's API server URL (nil: the Application's
    /// `destination.server`, else the cluster's name).
    public init(_ target: FleetTarget, server: String? = nil) {
        self.init(
            target.application, server: server ?? target.application.destination.server ?? target.cluster)
    }
}
