import CoreMetrics
import KubeClient
import Reconcile

/// Kubernetes and git requests: the observers to hand to `KubeClient` and `SourceRenderer`.
extension FleetMetrics {
    /// Counts a Kubernetes API request to the cluster at `server`, for the Application the
    /// record names (Argo CD's labels; name, namespace and project are empty for lane-wide work:
    /// probes, the lane's lists, watches).
    public func recordKubeRequest(_ record: KubeRequestRecord, server: String) {
        let application = record.application
        Counter(
            label: Name.appK8sRequestTotal,
            dimensions: [
                (
                    "namespace",
                    application.map { $0.namespace.isEmpty ? ApplicationLabels.defaultNamespace : $0.namespace } ?? ""
                ),
                ("name", application?.name ?? ""), ("project", application?.project ?? ""), ("server", server),
                ("response_code", String(record.responseCode)), ("verb", record.verb),
                ("resource_kind", record.resourceKind), ("resource_namespace", record.resourceNamespace),
            ], factory: factory
        ).increment()
    }

    /// An observer for the `KubeClient` of the cluster at `server`.
    public func kubeRequestObserver(server: String) -> KubeRequestObserver {
        { [self] record in recordKubeRequest(record, server: server) }
    }

    /// Counts a git request to a remote and records its duration.
    public func recordGitRequest(_ record: GitRequestRecord) {
        let dimensions = [("repo", record.repoURL), ("request_type", record.kind.rawValue)]
        Counter(label: Name.gitRequestTotal, dimensions: dimensions, factory: factory).increment()
        CoreMetrics.Timer(label: Name.gitRequestDuration, dimensions: dimensions, factory: factory)
            .recordNanoseconds(Self.nanoseconds(record.duration))
    }

    /// An observer for a `SourceRenderer`.
    public var gitRequestObserver: GitRequestObserver {
        { [self] record in recordGitRequest(record) }
    }
}
