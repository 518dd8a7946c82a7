import FleetModel

/// Helm's chart hooks as Argo CD runs them: `pre-install`/`pre-upgrade` are `PreSync`,
/// `post-install`/`post-upgrade` are `PostSync`, `helm.sh/hook-weight` is the hook's wave and
/// `helm.sh/hook-delete-policy` its delete policy; `crd-install` is an ordinary object; any
/// other hook (`test`, `pre-delete`, `pre-rollback`, …) has no sync phase and is not applied.
/// Argo CD's own `argocd.argoproj.io/hook` wins over all of this.
enum HelmHooks {
    static let hookAnnotation = "helm.sh/hook"
    static let weightAnnotation = "helm.sh/hook-weight"
    static let deletePolicyAnnotation = "helm.sh/hook-delete-policy"

    /// The Argo CD phases of a `helm.sh/hook` value; nil when it has none (an ordinary object or one never applied).
    static func phases(_ text: String) -> [HookPhase]? {
        var phases: [HookPhase] = []
        for hook in hooks(text) {
            let phase: HookPhase? =
                switch hook {
                case "pre-install", "pre-upgrade": .preSync
                case "post-install", "post-upgrade": .postSync
                default: nil
                }
            if let phase, !phases.contains(phase) { phases.append(phase) }
        }
        return phases.isEmpty ? nil : phases
    }

    /// Whether Argo CD leaves `object` out altogether: a Helm hook with no sync phase.
    static func isSkipped(_ object: JSONValue) -> Bool {
        let annotations = object["metadata"]?["annotations"]
        guard annotations?[Hooks.hookAnnotation] == nil, let text = annotations?[hookAnnotation]?.stringValue else {
            return false
        }
        let names = hooks(text)
        return phases(text) == nil && !(names.count == 1 && names[0] == "crd-install")
    }

    /// Argo CD's names for Helm's delete policies.
    static func deletePolicies(_ text: String) -> Set<String> {
        Set(
            hooks(text).compactMap { policy in
                switch policy {
                case "before-hook-creation": "BeforeHookCreation"
                case "hook-succeeded": "HookSucceeded"
                case "hook-failed": "HookFailed"
                default: nil
                }
            })
    }

    private static func hooks(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
