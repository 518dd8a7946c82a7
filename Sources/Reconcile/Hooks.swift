import FleetModel

/// Argo CD's resource hooks and sync waves, read from annotations.
enum Hooks {
    static let hookAnnotation = "argocd.argoproj.io/hook"
    static let deletePolicyAnnotation = "argocd.argoproj.io/hook-delete-policy"
    static let waveAnnotation = "argocd.argoproj.io/sync-wave"

    /// The phases a hook object runs in; nil for ordinary objects (and for `Skip`).
    static func phases(of object: JSONValue) -> [HookPhase]? {
        guard let text = annotation(hookAnnotation, object) else { return nil }
        let phases = text.split(separator: ",").compactMap {
            HookPhase(rawValue: $0.trimmingCharacters(in: .whitespaces))
        }
        return phases.isEmpty ? nil : phases
    }

    /// `HookSucceeded`, `HookFailed`, `BeforeHookCreation` (the default).
    static func deletePolicies(of object: JSONValue) -> Set<String> {
        let text = annotation(deletePolicyAnnotation, object) ?? "BeforeHookCreation"
        return Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// The sync wave (0 when unset or not a number).
    static func wave(of object: JSONValue) -> Int {
        annotation(waveAnnotation, object).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
    }

    private static func annotation(_ name: String, _ object: JSONValue) -> String? {
        object["metadata"]?["annotations"]?[name]?.stringValue
    }

    /// Kinds in the order they are applied within a wave (Helm's install order, which Argo CD uses);
    /// others come after, by name.
    static let kindOrder: [String] = [
        "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
        "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume",
        "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
        "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod",
        "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job",
        "CronJob", "IngressClass", "Ingress", "APIService",
    ]

    static func kindRank(_ kind: String) -> Int {
        kindOrder.firstIndex(of: kind) ?? kindOrder.count
    }
}
