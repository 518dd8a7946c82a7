/// A kind of object the sandbox serves: where it lives in the API and what it supports.
public struct APIResource: Sendable, Hashable {
    /// The API group (`""` for the core group).
    public var group: String
    /// The version.
    public var version: String
    /// The kind (`Deployment`).
    public var kind: String
    /// The plural resource name used in URLs (`deployments`).
    public var plural: String
    /// The singular name (`deployment`).
    public var singular: String
    /// Whether objects live in a namespace.
    public var namespaced: Bool
    /// kubectl short names (`deploy`).
    public var shortNames: [String]
    /// Subresources such as `status` and `scale`.
    public var subresources: [String]
    /// Whether spec changes bump `metadata.generation` (not for ConfigMap, Secret, Service …).
    public var hasGeneration: Bool
    /// Categories (`all`).
    public var categories: [String]

    /// `apps/v1`, or `v1` for the core group.
    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, or `configmaps` for the core group: how Status messages name it.
    public var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `Deployment.apps`, or `ConfigMap` for the core group: how Invalid messages name it.
    public var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// The verbs discovery lists.
    public var verbs: [String] {
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    }

    init(
        _ group: String, _ version: String, _ kind: String, _ plural: String, namespaced: Bool = true,
        shortNames: [String] = [], subresources: [String] = [], generation: Bool = false, categories: [String] = []
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.subresources = subresources
        self.hasGeneration = generation
        self.categories = categories
    }
}

extension APIResource {
    /// The built-in kinds a GitOps tool touches, as a v1.3x API server serves them.
    static let builtIns: [APIResource] = [
        APIResource(
            "", "v1", "Namespace", "namespaces", namespaced: false, shortNames: ["ns"], subresources: ["status"]),
        APIResource("", "v1", "ConfigMap", "configmaps", shortNames: ["cm"]),
        APIResource("", "v1", "Secret", "secrets"),
        APIResource("", "v1", "ServiceAccount", "serviceaccounts", shortNames: ["sa"]),
        APIResource(
            "", "v1", "Service", "services", shortNames: ["svc"], subresources: ["status"], categories: ["all"]),
        APIResource("", "v1", "Endpoints", "endpoints", shortNames: ["ep"]),
        APIResource(
            "", "v1", "Pod", "pods", shortNames: ["po"], subresources: ["status"], generation: true,
            categories: ["all"]),
        APIResource(
            "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", shortNames: ["pvc"], subresources: ["status"]),
        APIResource(
            "apps", "v1", "Deployment", "deployments", shortNames: ["deploy"], subresources: ["status", "scale"],
            generation: true, categories: ["all"]),
        APIResource(
            "apps", "v1", "ReplicaSet", "replicasets", shortNames: ["rs"], subresources: ["status", "scale"],
            generation: true, categories: ["all"]),
        APIResource(
            "apps", "v1", "StatefulSet", "statefulsets", shortNames: ["sts"], subresources: ["status", "scale"],
            generation: true, categories: ["all"]),
        APIResource(
            "apps", "v1", "DaemonSet", "daemonsets", shortNames: ["ds"], subresources: ["status"], generation: true,
            categories: ["all"]),
        APIResource("batch", "v1", "Job", "jobs", subresources: ["status"], generation: true, categories: ["all"]),
        APIResource(
            "batch", "v1", "CronJob", "cronjobs", shortNames: ["cj"], subresources: ["status"], generation: true,
            categories: ["all"]),
        APIResource(
            "networking.k8s.io", "v1", "Ingress", "ingresses", shortNames: ["ing"], subresources: ["status"],
            generation: true),
        APIResource(
            "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", shortNames: ["netpol"], generation: true),
        APIResource(
            "autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", shortNames: ["hpa"],
            subresources: ["status"], categories: ["all"]),
        APIResource(
            "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", shortNames: ["pdb"],
            subresources: ["status"], generation: true),
        APIResource("rbac.authorization.k8s.io", "v1", "Role", "roles"),
        APIResource("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings"),
        APIResource("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", namespaced: false),
        APIResource("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", namespaced: false),
        APIResource(
            "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", namespaced: false,
            shortNames: ["crd", "crds"], subresources: ["status"], generation: true),
        APIResource("coordination.k8s.io", "v1", "Lease", "leases"),
    ]
}
