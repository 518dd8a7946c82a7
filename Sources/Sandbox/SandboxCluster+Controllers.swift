import FleetModel
import Foundation

/// Simulated controllers: what kube-controller-manager would write to status, after
/// the cluster's rollout delay. A container image tagged `fail` never becomes ready.
extension SandboxCluster {
    static let controllerKinds: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "PersistentVolumeClaim", "Service",
    ]

    /// Schedules the controllers' answer to a write of `object`.
    func scheduleControllers(for object: JSONValue, _ target: Target) {
        guard Self.controllerKinds.contains(target.resource.kind), let name = object.metadata("name")?.stringValue
        else { return }
        let key = StoreKey(target.resource, namespace: target.namespace, name: name)
        let resource = target.resource
        let generation = object.metadata("generation")?.intValue ?? 0
        let delay = options.rolloutDelay
        let deadline = options.progressDeadline
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.reconcileStatus(key, resource, generation: generation, deadlinePassed: false)
            if Self.neverReady(object) {
                try? await Task.sleep(for: deadline)
                await self?.reconcileStatus(key, resource, generation: generation, deadlinePassed: true)
            }
        }
    }

    private static func neverReady(_ object: JSONValue) -> Bool {
        let containers = object.value(at: ["spec", "template", "spec", "containers"])?.arrayValue ?? []
        return containers.contains { ($0["image"]?.stringValue ?? "").hasSuffix(":fail") }
    }

    private func reconcileStatus(_ key: StoreKey, _ resource: APIResource, generation: Int, deadlinePassed: Bool) {
        guard var object = store.object(key), object.metadata("deletionTimestamp") == nil else { return }
        if resource.hasGeneration, object.metadata("generation")?.intValue != generation { return }
        let now = SandboxClock.timestamp(Date())
        guard let status = Self.status(of: object, resource.kind, now: now, deadlinePassed: deadlinePassed) else {
            return
        }
        var merged = object["status"]?.objectValue ?? JSONObject()
        for (field, value) in status { merged[field] = value == .null ? nil : value }
        guard JSONValue.object(merged) != object["status"] else { return }
        let previous = object
        object.set(["status"], .object(merged))
        let changed = ObjectMerge.changedFields(
            from: FieldSet.projection(previous, includeStatus: true),
            to: FieldSet.projection(object, includeStatus: true), catalog.mergeSchema(of: resource))
        object.setManagedFields(
            previous.managedFields.recordingUpdate(
                by: "kube-controller-manager", fields: changed, apiVersion: resource.groupVersion, time: now,
                subresource: "status"))
        let version = store.nextResourceVersion()
        object.setMetadata("resourceVersion", .string(String(version)))
        store.put(key, object, type: "MODIFIED", version: version)
    }

    private static func status(of object: JSONValue, _ kind: String, now: String, deadlinePassed: Bool) -> JSONObject? {
        let generation = object.metadata("generation") ?? 1
        let replicas = object.value(at: ["spec", "replicas"])?.intValue ?? 1
        let failing = neverReady(object)
        let ready = failing ? 0 : replicas
        switch kind {
        case "Deployment":
            var progressing: JSONValue = condition(
                "Progressing", "True", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.", now)
            var status: JSONObject = [
                "observedGeneration": generation, "replicas": .int(replicas), "updatedReplicas": .int(replicas),
                "readyReplicas": .int(replicas), "availableReplicas": .int(replicas), "unavailableReplicas": .null,
            ]
            var minimumAvailable = true
            if failing {
                progressing =
                    deadlinePassed
                    ? condition(
                        "Progressing", "False", "ProgressDeadlineExceeded", "ReplicaSet has timed out progressing.", now
                    )
                    : condition("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet is progressing.", now)
                // The earlier generation's available pods stay while the new ones never become ready.
                let rollout = DeploymentRollout(
                    object, availableBefore: object.value(at: ["status", "availableReplicas"])?.intValue ?? 0)
                for (field, value) in rollout.counts { status[field] = value }
                minimumAvailable = rollout.hasMinimumAvailability(replicas: replicas)
            }
            let available =
                minimumAvailable
                ? condition(
                    "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
                : condition(
                    "Available", "False", "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.", now)
            status["conditions"] = [available, progressing]
            return status
        case "StatefulSet", "ReplicaSet":
            return [
                "observedGeneration": generation, "replicas": .int(replicas), "readyReplicas": .int(ready),
                "availableReplicas": .int(ready), "currentReplicas": .int(replicas), "updatedReplicas": .int(replicas),
            ]
        case "DaemonSet":
            let nodes = 1
            return [
                "observedGeneration": generation, "currentNumberScheduled": .int(nodes),
                "desiredNumberScheduled": .int(nodes),
                "numberMisscheduled": 0, "numberReady": .int(failing ? 0 : nodes),
                "updatedNumberScheduled": .int(nodes),
                "numberAvailable": .int(failing ? 0 : nodes),
            ]
        case "Job":
            if failing {
                let failed = condition(
                    "Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now)
                return ["failed": 1, "conditions": [failed]]
            }
            return [
                "succeeded": 1, "startTime": .string(now), "completionTime": .string(now),
                "conditions": [condition("Complete", "True", nil, nil, now)],
            ]
        case "PersistentVolumeClaim":
            return ["phase": "Bound", "accessModes": object.value(at: ["spec", "accessModes"]) ?? ["ReadWriteOnce"]]
        case "Service":
            guard object.value(at: ["spec", "type"]) == "LoadBalancer" else { return nil }
            return ["loadBalancer": ["ingress": [["ip": "192.0.2.10", "ipMode": "VIP"]]]]
        default:
            return nil
        }
    }

    private static func condition(
        _ type: String, _ status: String, _ reason: String?, _ message: String?, _ now: String
    ) -> JSONValue {
        var object: JSONObject = ["type": .string(type), "status": .string(status)]
        object["lastUpdateTime"] = .string(now)
        object["lastTransitionTime"] = .string(now)
        if let reason { object["reason"] = .string(reason) }
        if let message { object["message"] = .string(message) }
        return .object(object)
    }
}
