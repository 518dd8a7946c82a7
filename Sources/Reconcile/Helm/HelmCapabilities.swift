import KubeClient

/// What `.Capabilities` tells a chart about its destination: the cluster's version and every
/// API version and kind it serves (Argo CD passes both `group/version` and
/// `group/version/Kind` as `--api-versions`).
public struct HelmCapabilities: Sendable, Hashable {
    /// `v1.36.0`.
    public var kubeVersion: String?
    /// `apps/v1`, `apps/v1/Deployment`, `v1`, `v1/ConfigMap`, … sorted.
    public var apiVersions: [String]

    /// Capabilities.
    public init(kubeVersion: String?, apiVersions: [String]) {
        self.kubeVersion = kubeVersion
        self.apiVersions = apiVersions
    }

    /// The destination's, from `/version` and discovery (cached by the client).
    public static func of(_ api: any KubeAPI) async throws(ReconcileError) -> HelmCapabilities {
        do {
            let version = try await api.version()
            var versions = Set<String>()
            for resource in try await api.resources(refresh: false) {
                versions.insert(resource.apiVersion)
                versions.insert("\(resource.apiVersion)/\(resource.kind)")
            }
            return HelmCapabilities(kubeVersion: version.gitVersion, apiVersions: versions.sorted())
        } catch {
            throw ReconcileError("\(api.clusterName): cannot read the cluster's version and APIs for Helm: \(error)")
        }
    }

    /// These capabilities with an Application's `kubeVersion` and `apiVersions` in their place when set.
    func overridden(by options: HelmOptions) -> HelmCapabilities {
        HelmCapabilities(
            kubeVersion: options.kubeVersion ?? kubeVersion, apiVersions: options.apiVersions ?? apiVersions)
    }
}
