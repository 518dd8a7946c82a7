/// The ApplicationSet `web` of the controller's rollout tests: one automated Application per
/// list element on cluster `c1` (a namespace each), rolled out in two steps, canary then rest.
enum RolloutFleet {
    /// `web` over `elements` (by default `first` canary and `second` rest) with `source` (the
    /// members of `spec.source`), `automated` as its policy, canary baking `pauseAfter`.
    static func yaml(
        elements: String = "{app: first, wave: canary}, {app: second, wave: rest}", source: String,
        automated: String = "{prune: true}", pauseAfter: String? = nil
    ) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - list: {elements: [\(elements)]}
          template:
            metadata: {name: '<<app>>', labels: {wave: '<<wave>>'}}
            spec:
              source: {\(source)}
              destination: {name: c1, namespace: '<<app>>'}
              syncPolicy:
                automated: \(automated)
                syncOptions: [CreateNamespace=true]
          strategy:
            type: RollingSync
            rollingSync:
              steps:
              - matchExpressions: [{key: wave, operator: In, values: [canary]}]
        \(pauseAfter.map { "        pauseAfter: \($0)\n" } ?? "")      - matchExpressions: [{key: wave, operator: In, values: [rest]}]
        """
    }
}
