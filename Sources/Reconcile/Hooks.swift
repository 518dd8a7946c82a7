import FleetModel

/// Argo CD's resource hooks and sync waves, read from annotations.
enum Hooks {
    static let hookAnnotation = "argocd.argoproj.io/hook"
    static let deletePolicyAnnotation = "argocd.argoproj.io/hook-delete-policy"
    static let waveAnnotation = "argocd.argoproj.io/sync-wave"

    /// The phases a hook object runs in; nil for ordinary objects (and for `Skip`). A Helm
    /// hook (`helm.sh/hook`) runs where Argo CD runs it (see `HelmHooks`) unless Argo CD's own annotation is set.
    static func phases(of object: JSONValue) -> [HookPhase]? {
        guard let text = annotation(hookAnnotation, object) else {
            return annotation(HelmHooks.hookAnnotation, object).flatMap(HelmHooks.phases)
        }
        let phases = text.split(separator: ",").compactMap {
            HookPhase(rawValue: $0.trimmingCharacters(in: .whitespaces))
        }
        return phases.isEmpty ? nil : phases
    }

    /// `HookSucceeded`, `HookFailed`, `BeforeHookCreation` (the default).
    static func deletePolicies(of object: JSONValue) -> Set<String> {
        if annotation(deletePolicyAnnotation, object) == nil, annotation(hookAnnotation, object) == nil,
            let helm = annotation(HelmHooks.deletePolicyAnnotation, object)
        {
            return HelmHooks.deletePolicies(helm)
        }
        let text = annotation(deletePolicyAnnotation, object) ?? "BeforeHookCreation"
        return Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// The sync wave (0 when unset or not a number); a Helm hook's `helm.sh/hook-weight` when Argo CD's is unset.
    static func wave(of object: JSONValue) -> Int {
        let text =
            annotation(waveAnnotation, object)
            ?? (annotation(HelmHooks.hookAnnotation, object) != nil
                ? annotation(HelmHooks.weightAnnotation, object) : nil)
        return text.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
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
