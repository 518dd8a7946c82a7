import FleetModel

/// The pods of a Deployment rolling to a template that never becomes ready, as Kubernetes'
/// deployment controller leaves them (`RollingUpdate`): the old ReplicaSet is scaled down only
/// as far as `maxUnavailable` allows and stays available, the new one is scaled up within
/// `maxSurge` and never becomes ready. (`Recreate`, or no earlier available pods: every pod is
/// new and none is ready.) Its status is what `calculateStatus` writes from these counts.
struct DeploymentRollout {
    /// Pods of the earlier template, all available.
    var oldPods: Int
    /// Pods of the failing template (`updatedReplicas`), none ready.
    var newPods: Int
    /// The most pods that may be unavailable (for the `Available` condition).
    var maxUnavailable: Int

    /// The rollout of `deployment` (its spec at the failing generation) from `availableBefore`
    /// available pods of the earlier generations.
    init(_ deployment: JSONValue, availableBefore: Int) {
        let replicas = max(0, deployment.value(at: ["spec", "replicas"])?.intValue ?? 1)
        let strategy = deployment.value(at: ["spec", "strategy"])
        let rolling = strategy?["type"]?.stringValue ?? "RollingUpdate" == "RollingUpdate"
        let update = strategy?["rollingUpdate"]
        var surge = Self.count(update?["maxSurge"], of: replicas, roundingUp: true)
        var unavailable = Self.count(update?["maxUnavailable"], of: replicas, roundingUp: false)
        if surge == 0, unavailable == 0 { unavailable = 1 }  // as the controller resolves both zero
        if !rolling {
            surge = 0
            unavailable = 0  // `MaxUnavailable` of a Recreate Deployment: every old pod goes first
        }
        maxUnavailable = min(unavailable, replicas)
        oldPods = rolling ? min(max(0, availableBefore), max(0, replicas - unavailable)) : 0
        newPods = oldPods == 0 ? replicas : min(replicas, replicas + surge - oldPods)
    }

    /// `25%` of `replicas` (up for `maxSurge`, down for `maxUnavailable`, as Kubernetes
    /// resolves them), or a number; Kubernetes' default 25% when unset.
    static func count(_ value: JSONValue?, of replicas: Int, roundingUp: Bool) -> Int {
        if let number = value?.intValue { return max(0, number) }
        let text = value?.stringValue ?? "25%"
        guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return 0 }
        let exact = percent * replicas
        return max(0, roundingUp ? (exact + 99) / 100 : exact / 100)
    }

    /// `status` fields of the Deployment: counts (zeros omitted, as Kubernetes omits them:
    /// null removes what an earlier generation left) and whether it keeps minimum availability.
    var counts: JSONObject {
        let total = oldPods + newPods
        let unavailablePods = total - oldPods
        return [
            "replicas": .int(total), "updatedReplicas": .int(newPods),
            "readyReplicas": oldPods > 0 ? .int(oldPods) : .null,
            "availableReplicas": oldPods > 0 ? .int(oldPods) : .null,
            "unavailableReplicas": unavailablePods > 0 ? .int(unavailablePods) : .null,
        ]
    }

    /// Whether `availableReplicas ≥ replicas − maxUnavailable` (the `Available` condition).
    func hasMinimumAvailability(replicas: Int) -> Bool { oldPods >= replicas - maxUnavailable }
}
