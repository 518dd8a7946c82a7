import FleetModel

/// Tells the health of live Kubernetes objects by Argo CD's built-in rules (gitops-engine `pkg/health`,
/// and Argo CD's own CronJob check).
///
/// Each kind Argo CD knows has a small rule, chosen by API group and kind, so a custom resource that
/// happens to be called `Service` is not judged as a core Service. Any other object is judged by its
/// `Ready` (else `Available`) condition, and is healthy when it has neither. An object being deleted
/// is Progressing, whatever its kind.
public enum HealthAssessor {
    /// The health of `object` as read from the cluster; nil (not found) is Missing.
    public static func assess(_ object: JSONValue?) -> HealthAssessment {
        guard let object, object.objectValue != nil else { return HealthAssessment(.missing) }
        let resource = Resource(object)
        if resource.field("metadata", "deletionTimestamp") != nil {
            return HealthAssessment(.progressing, "Pending deletion")
        }
        return assessByKind(resource)
    }

    private static func assessByKind(_ object: Resource) -> HealthAssessment {
        switch (object.group, object.kind) {
        case ("apps", "Deployment"), ("extensions", "Deployment"): deployment(object)
        case ("apps", "StatefulSet"): statefulSet(object)
        case ("apps", "DaemonSet"), ("extensions", "DaemonSet"): daemonSet(object)
        case ("apps", "ReplicaSet"), ("extensions", "ReplicaSet"): replicaSet(object)
        case ("", "Pod"): pod(object)
        case ("", "Service"): service(object)
        case ("", "PersistentVolumeClaim"): persistentVolumeClaim(object)
        case ("networking.k8s.io", "Ingress"), ("extensions", "Ingress"): ingress(object)
        case ("batch", "Job"): job(object)
        case ("batch", "CronJob"): cronJob(object)
        case ("autoscaling", "HorizontalPodAutoscaler"): horizontalPodAutoscaler(object)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): customResourceDefinition(object)
        case ("apiregistration.k8s.io", "APIService"): apiService(object)
        default: readyCondition(object)
        }
    }
}

// MARK: - Workloads

extension HealthAssessor {
    /// kubectl's `rollout status` for Deployments; paused is Suspended, a missed progress deadline Degraded.
    private static func deployment(_ object: Resource) -> HealthAssessment {
        if object.bool("spec", "paused") == true {
            return HealthAssessment(.suspended, "Deployment is paused")
        }
        guard object.generation <= object.observedGeneration else {
            return rollout("observed deployment generation less than desired generation")
        }
        if object.condition("Progressing")?.reason == "ProgressDeadlineExceeded" {
            return HealthAssessment(.degraded, "Deployment \"\(object.name)\" exceeded its progress deadline")
        }
        let desired = object.int("spec", "replicas") ?? 1
        let replicas = object.int("status", "replicas") ?? 0
        let updated = object.int("status", "updatedReplicas") ?? 0
        let available = object.int("status", "availableReplicas") ?? 0
        if updated < desired {
            return rollout("\(updated) out of \(desired) new replicas have been updated...")
        }
        if replicas > updated {
            return rollout("\(replicas - updated) old replicas are pending termination...")
        }
        if available < updated {
            return rollout("\(available) of \(updated) updated replicas are available...")
        }
        return HealthAssessment(.healthy)
    }

    /// kubectl's `rollout status` for StatefulSets, by update strategy.
    private static func statefulSet(_ object: Resource) -> HealthAssessment {
        let observed = object.observedGeneration
        guard observed > 0, object.generation <= observed else {
            return HealthAssessment(.progressing, "Waiting for statefulset spec update to be observed...")
        }
        let desired = object.int("spec", "replicas") ?? 1
        let ready = object.int("status", "readyReplicas") ?? 0
        let updated = object.int("status", "updatedReplicas") ?? 0
        if ready < desired {
            return HealthAssessment(.progressing, "Waiting for \(desired - ready) pods to be ready...")
        }
        let partitioned = object.field("spec", "updateStrategy", "rollingUpdate") != nil
        switch object.string("spec", "updateStrategy", "type") ?? "" {
        case "RollingUpdate" where partitioned:
            return partitionedRollout(object, desired: desired, updated: updated)
        case "OnDelete":
            return HealthAssessment(.healthy, "statefulset has \(ready) ready pods (\(updated) updated)")
        default:
            return revisionRollout(object)
        }
    }

    /// A StatefulSet rolling update with a partition: done when every pod above the partition is updated.
    private static func partitionedRollout(_ object: Resource, desired: Int, updated: Int) -> HealthAssessment {
        if let partition = object.int("spec", "updateStrategy", "rollingUpdate", "partition"),
            updated < desired - partition
        {
            return HealthAssessment(
                .progressing,
                "Waiting for partitioned roll out to finish: \(updated) out of \(desired - partition) "
                    + "new pods have been updated...")
        }
        return HealthAssessment(.healthy, "partitioned roll out complete: \(updated) new pods have been updated...")
    }

    /// A StatefulSet rolling update without a partition: done when the update revision is the current one.
    private static func revisionRollout(_ object: Resource) -> HealthAssessment {
        let current = object.string("status", "currentRevision") ?? ""
        let update = object.string("status", "updateRevision") ?? ""
        guard update == current else {
            let updated = object.int("status", "updatedReplicas") ?? 0
            return HealthAssessment(
                .progressing,
                "waiting for statefulset rolling update to complete \(updated) pods at revision \(update)...")
        }
        let replicas = object.int("status", "currentReplicas") ?? 0
        return HealthAssessment(
            .healthy, "statefulset rolling update complete \(replicas) pods at revision \(current)...")
    }

    /// kubectl's `rollout status` for DaemonSets; an `OnDelete` DaemonSet is healthy once observed.
    private static func daemonSet(_ object: Resource) -> HealthAssessment {
        guard object.generation <= object.observedGeneration else {
            return rollout("observed daemon set generation less than desired generation")
        }
        let desired = object.int("status", "desiredNumberScheduled") ?? 0
        let updated = object.int("status", "updatedNumberScheduled") ?? 0
        let available = object.int("status", "numberAvailable") ?? 0
        if object.string("spec", "updateStrategy", "type") == "OnDelete" {
            return HealthAssessment(.healthy, "daemon set \(updated) out of \(desired) new pods have been updated")
        }
        let intro = "Waiting for daemon set \"\(object.name)\" rollout to finish: "
        if updated < desired {
            return HealthAssessment(.progressing, intro + "\(updated) out of \(desired) new pods have been updated...")
        }
        if available < desired {
            return HealthAssessment(.progressing, intro + "\(available) of \(desired) updated pods are available...")
        }
        return HealthAssessment(.healthy)
    }

    /// A ReplicaSet: Degraded on a `ReplicaFailure` condition, Progressing until every replica is available.
    private static func replicaSet(_ object: Resource) -> HealthAssessment {
        guard object.generation <= object.observedGeneration else {
            return rollout("observed replica set generation less than desired generation")
        }
        if let failure = object.condition("ReplicaFailure"), failure.isTrue {
            return HealthAssessment(.degraded, failure.explanation)
        }
        let desired = object.int("spec", "replicas") ?? 1
        let available = object.int("status", "availableReplicas") ?? 0
        if available < desired {
            return rollout("\(available) out of \(desired) new replicas are available...")
        }
        return HealthAssessment(.healthy)
    }

    private static func rollout(_ detail: String) -> HealthAssessment {
        HealthAssessment(.progressing, "Waiting for rollout to finish: " + detail)
    }
}

// MARK: - Pods

extension HealthAssessor {
    /// The annotation with which a pod that restarts `Never` or `OnFailure` is judged as a long-running one.
    private static let ignoreRestartPolicy = "argocd.argoproj.io/ignore-restart-policy"

    /// A Pod by phase. Containers of a long-running pod (`restartPolicy: Always`) waiting on an error
    /// (`CrashLoopBackOff`, `ImagePullBackOff`, `ErrImagePull`, `CreateContainerConfigError`…) make it
    /// Degraded whatever the phase; other pods are left to finish, as they are typically hooks. A pod
    /// without a phase yet counts as Pending.
    private static func pod(_ object: Resource) -> HealthAssessment {
        let restartPolicy = object.string("spec", "restartPolicy") ?? "Always"
        if restartPolicy == "Always", let failures = containerFailures(object) {
            return HealthAssessment(.degraded, failures)
        }
        let message = object.string("status", "message") ?? ""
        switch object.string("status", "phase") ?? "Pending" {
        case "Pending":
            return HealthAssessment(.progressing, nonEmpty(message, or: "Waiting for the pod to start"))
        case "Succeeded":
            return HealthAssessment(.healthy, message)
        case "Failed":
            return HealthAssessment(.degraded, nonEmpty(message, or: podFailure(object)))
        case "Running":
            let longRunning = restartPolicy == "Always" || object.annotation(ignoreRestartPolicy) != nil
            guard longRunning else {
                return HealthAssessment(.progressing, nonEmpty(message, or: "Waiting for the pod to complete"))
            }
            return runningPod(object, message: message)
        default:
            return HealthAssessment(.unknown, message)
        }
    }

    /// A running long-lived pod: Healthy when ready, Degraded when not ready after a container terminated.
    private static func runningPod(_ object: Resource, message: String) -> HealthAssessment {
        if object.condition("Ready")?.isTrue == true {
            return HealthAssessment(.healthy, message)
        }
        for container in object.array("status", "containerStatuses") {
            guard let terminated = container["lastState"]?["terminated"] else { continue }
            let detail = termination(of: container, terminated) ?? "container \"\(name(of: container))\" restarted"
            return HealthAssessment(.degraded, nonEmpty(message, or: detail))
        }
        return HealthAssessment(.progressing, nonEmpty(message, or: "Waiting for the pod to be ready"))
    }

    /// The waiting messages of containers stuck on an error, joined; nil when none is.
    private static func containerFailures(_ object: Resource) -> String? {
        let messages = object.array("status", "containerStatuses").compactMap { container -> String? in
            guard let waiting = container["state"]?["waiting"], let reason = waiting["reason"]?.stringValue,
                reason.hasPrefix("Err") || reason.hasSuffix("Error") || reason.hasSuffix("BackOff")
            else { return nil }
            return nonEmpty(waiting["message"]?.stringValue ?? "", or: reason)
        }
        return messages.isEmpty ? nil : messages.joined(separator: ", ")
    }

    /// Why a failed pod failed, from its first container (init containers first) that says so.
    private static func podFailure(_ object: Resource) -> String {
        let containers = object.array("status", "initContainerStatuses") + object.array("status", "containerStatuses")
        for container in containers {
            if let terminated = container["state"]?["terminated"], let reason = termination(of: container, terminated) {
                return reason
            }
        }
        return "Pod failed"
    }

    /// Why a container terminated: its message, `OOMKilled`, or its non-zero exit code; nil for a clean exit.
    private static func termination(of container: JSONValue, _ terminated: JSONValue) -> String? {
        if let message = terminated["message"]?.stringValue, !message.isEmpty {
            return message
        }
        if terminated["reason"]?.stringValue == "OOMKilled" {
            return "OOMKilled"
        }
        if let code = terminated["exitCode"]?.intValue, code != 0 {
            return "container \"\(name(of: container))\" failed with exit code \(code)"
        }
        return nil
    }

    private static func name(of container: JSONValue) -> String {
        container["name"]?.stringValue ?? ""
    }
}

// MARK: - Networking and storage

extension HealthAssessor {
    /// A Service: only a `LoadBalancer` has something to wait for, its external address.
    private static func service(_ object: Resource) -> HealthAssessment {
        guard object.string("spec", "type") == "LoadBalancer", !object.hasLoadBalancerAddress else {
            return HealthAssessment(.healthy)
        }
        return HealthAssessment(.progressing, "Waiting for the load balancer to get an address")
    }

    /// An Ingress: Healthy once its controller has published an address.
    private static func ingress(_ object: Resource) -> HealthAssessment {
        guard object.hasLoadBalancerAddress else {
            return HealthAssessment(.progressing, "Waiting for the ingress controller to publish an address")
        }
        return HealthAssessment(.healthy)
    }

    /// A PersistentVolumeClaim by phase; a claim without a phase yet counts as Pending.
    private static func persistentVolumeClaim(_ object: Resource) -> HealthAssessment {
        switch object.string("status", "phase") ?? "Pending" {
        case "Bound":
            HealthAssessment(.healthy)
        case "Pending":
            HealthAssessment(.progressing, "Waiting for the claim to be bound")
        case "Lost":
            HealthAssessment(.degraded, "The claim lost its underlying volume")
        case let phase:
            HealthAssessment(.unknown, "Unknown claim phase \"\(phase)\"")
        }
    }
}

// MARK: - Batch

extension HealthAssessor {
    /// A Job by its `Failed`, `Complete` and `Suspended` conditions; running until one of them holds.
    private static func job(_ object: Resource) -> HealthAssessment {
        let holding = object.conditions.filter(\.isTrue)
        if let failed = holding.first(where: { $0.type == "Failed" }) {
            return HealthAssessment(.degraded, nonEmpty(failed.explanation, or: "Job failed"))
        }
        if let complete = holding.first(where: { $0.type == "Complete" }) {
            return HealthAssessment(.healthy, complete.message)
        }
        let suspended = holding.first { $0.type == "Suspended" }
        if suspended != nil || object.bool("spec", "suspend") == true {
            return HealthAssessment(.suspended, nonEmpty(suspended?.message ?? "", or: "Job is suspended"))
        }
        return HealthAssessment(.progressing, "Waiting for the job to complete")
    }

    /// Argo CD's CronJob check: Degraded when the last scheduled run has not succeeded and none is running.
    private static func cronJob(_ object: Resource) -> HealthAssessment {
        if object.bool("spec", "suspend") == true {
            return HealthAssessment(.suspended, "CronJob is Suspended")
        }
        guard let scheduled = object.string("status", "lastScheduleTime") else {
            return HealthAssessment(.healthy, "CronJob has not been scheduled yet")
        }
        guard let succeeded = object.string("status", "lastSuccessfulTime") else {
            return HealthAssessment(.healthy, "The CronJob never completed successfully. It may not be healthy")
        }
        if !object.array("status", "active").isEmpty {
            return HealthAssessment(.healthy, "The job is running. Its last execution may not have been successful")
        }
        // The API server writes both times in UTC RFC 3339 to the second, which orders as text.
        if succeeded < scheduled {
            return HealthAssessment(.degraded, "CronJob has not completed its last execution successfully")
        }
        return HealthAssessment(.healthy, "CronJob has completed its last execution successfully")
    }
}

// MARK: - Autoscaling and API machinery

extension HealthAssessor {
    /// A HorizontalPodAutoscaler: Degraded when it cannot read its target or metrics, Healthy when able to
    /// scale (or limited by its bounds), Progressing until it reports either.
    private static func horizontalPodAutoscaler(_ object: Resource) -> HealthAssessment {
        let conditions = object.conditions.isEmpty ? annotatedConditions(object) : object.conditions
        if let failure = conditions.first(where: isScalingFailure) {
            return HealthAssessment(.degraded, failure.explanation)
        }
        let able = conditions.first { ($0.type == "AbleToScale" || $0.type == "ScalingLimited") && $0.isTrue }
        if let able {
            return HealthAssessment(.healthy, able.message)
        }
        return HealthAssessment(.progressing, "Waiting to Autoscale")
    }

    /// `FailedGetScale`, `FailedUpdateScale`, `FailedGet…Metric`, `InvalidSelector` and the like.
    private static func isScalingFailure(_ condition: Condition) -> Bool {
        (condition.type == "AbleToScale" || condition.type == "ScalingActive") && !condition.isTrue
            && (condition.reason.hasPrefix("Failed") || condition.reason.hasPrefix("Invalid"))
    }

    /// `autoscaling/v1` keeps the conditions as JSON text in an annotation.
    private static func annotatedConditions(_ object: Resource) -> [Condition] {
        guard let text = object.annotation("autoscaling.alpha.kubernetes.io/conditions"),
            let parsed = try? JSONReader.parse(text)
        else { return [] }
        return (parsed.arrayValue ?? []).compactMap(Condition.init)
    }

    /// A CustomResourceDefinition: Healthy once established with accepted names and a structural schema.
    private static func customResourceDefinition(_ object: Resource) -> HealthAssessment {
        guard !object.conditions.isEmpty else {
            return HealthAssessment(.progressing, "Status conditions not found")
        }
        if let terminating = object.condition("Terminating"), terminating.isTrue {
            return HealthAssessment(.progressing, labeled("CRD is being terminated", terminating.message))
        }
        if let names = object.condition("NamesAccepted"), names.isFalse {
            return HealthAssessment(.degraded, labeled("CRD names have not been accepted", names.message))
        }
        let established = object.condition("Established")
        guard established?.isTrue == true else {
            return HealthAssessment(.progressing, labeled("CRD is not established", established?.message ?? ""))
        }
        if let violations = object.condition("NonStructuralSchema"), violations.isTrue {
            return HealthAssessment(.degraded, labeled("Schema violations found", violations.message))
        }
        return HealthAssessment(.healthy, "CRD is healthy")
    }

    /// An APIService by its `Available` condition, reported as `reason: message`.
    private static func apiService(_ object: Resource) -> HealthAssessment {
        guard let available = object.condition("Available") else {
            return HealthAssessment(.progressing, "Waiting to be processed")
        }
        let message = [available.reason, available.message].filter { !$0.isEmpty }.joined(separator: ": ")
        return HealthAssessment(available.isTrue ? .healthy : .progressing, message)
    }

    /// Any other object: its `Ready` condition, else its `Available` one; healthy when it has neither.
    private static func readyCondition(_ object: Resource) -> HealthAssessment {
        guard let condition = object.condition("Ready") ?? object.condition("Available") else {
            return HealthAssessment(.healthy)
        }
        let state = condition.type.lowercased()
        switch condition.status {
        case "True":
            return HealthAssessment(.healthy, condition.message)
        case "False":
            return HealthAssessment(.degraded, nonEmpty(condition.explanation, or: "\(object.kind) is not \(state)"))
        default:
            return HealthAssessment(
                .progressing, nonEmpty(condition.explanation, or: "Waiting for \(object.kind) to be \(state)"))
        }
    }
}

// MARK: - Reading objects

extension HealthAssessor {
    /// `message`, or `fallback` when it is empty.
    private static func nonEmpty(_ message: String, or fallback: String) -> String {
        message.isEmpty ? fallback : message
    }

    /// `label: message`, or the label alone when there is no message.
    private static func labeled(_ label: String, _ message: String) -> String {
        message.isEmpty ? label : label + ": " + message
    }

    /// Read-only access to the fields of a live object; absent and null fields read as nil.
    fileprivate struct Resource {
        let json: JSONValue

        init(_ json: JSONValue) {
            self.json = json
        }

        var kind: String { string("kind") ?? "" }
        var name: String { string("metadata", "name") ?? "" }
        var generation: Int { int("metadata", "generation") ?? 0 }
        var observedGeneration: Int { int("status", "observedGeneration") ?? 0 }

        /// The API group: `apps` for `apps/v1`, empty for the core `v1`.
        var group: String { GroupVersionKind(apiVersion: string("apiVersion") ?? "", kind: kind).group }

        /// `status.conditions` that have a type.
        var conditions: [Condition] { array("status", "conditions").compactMap(Condition.init) }

        /// True when `status.loadBalancer.ingress` lists an address.
        var hasLoadBalancerAddress: Bool { !array("status", "loadBalancer", "ingress").isEmpty }

        func condition(_ type: String) -> Condition? {
            conditions.first { $0.type == type }
        }

        func annotation(_ key: String) -> String? {
            string("metadata", "annotations", key)
        }

        func field(_ path: String...) -> JSONValue? { lookup(path) }
        func string(_ path: String...) -> String? { lookup(path)?.stringValue }
        func int(_ path: String...) -> Int? { lookup(path)?.intValue }
        func bool(_ path: String...) -> Bool? { lookup(path)?.boolValue }
        func array(_ path: String...) -> [JSONValue] { lookup(path)?.arrayValue ?? [] }

        private func lookup(_ path: [String]) -> JSONValue? {
            var current: JSONValue? = json
            for key in path { current = current?[key] }
            return current?.isNull == true ? nil : current
        }
    }

    /// One entry of `status.conditions`.
    fileprivate struct Condition {
        let type: String
        let status: String
        let reason: String
        let message: String

        init?(_ json: JSONValue) {
            guard let type = json["type"]?.stringValue else { return nil }
            self.type = type
            status = json["status"]?.stringValue ?? "Unknown"
            reason = json["reason"]?.stringValue ?? ""
            message = json["message"]?.stringValue ?? ""
        }

        var isTrue: Bool { status == "True" }
        var isFalse: Bool { status == "False" }
        /// The message, or the reason when there is no message.
        var explanation: String { message.isEmpty ? reason : message }
    }
}
