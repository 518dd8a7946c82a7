import FleetModel

/// The name and namespace rules an API server applies, checked before any request so that
/// a name from Git can only ever name one object of its own kind and namespace.
enum ObjectNames {
    /// Built-in kinds whose names are DNS subdomains (most of them); other kinds (RBAC,
    /// custom resources) take any path segment name, as the server allows.
    static let subdomainKinds: Set<String> = [
        "ConfigMap", "Secret", "ServiceAccount", "Pod", "PodTemplate", "PersistentVolume", "PersistentVolumeClaim",
        "Endpoints", "LimitRange", "ResourceQuota", "ReplicationController", "Deployment", "ReplicaSet",
        "StatefulSet", "DaemonSet", "ControllerRevision", "Job", "CronJob", "Ingress", "IngressClass",
        "NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget", "StorageClass", "PriorityClass",
        "CustomResourceDefinition", "Lease", "EndpointSlice", "CSIDriver", "VolumeAttachment",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    ]

    static let subdomainRule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        + "start and end with an alphanumeric character"
    static let labelRule =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
        + "end with an alphanumeric character"
    static let dns1035Rule =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        + "character, and end with an alphanumeric character"

    /// What is wrong with the name or namespace of `object` (`metadata.name: Invalid value: …`), nil when nothing.
    static func problem(_ object: JSONValue) -> String? {
        let key = ResourceKey(object)
        if let problem = nameProblem(key.name, kind: key.kind) {
            return "metadata.name: " + problem
        }
        if !key.namespace.isEmpty, !LabelValidation.isDNSLabel(key.namespace) {
            return "metadata.namespace: Invalid value: \"\(key.namespace)\": \(labelRule)"
        }
        return nil
    }

    private static func nameProblem(_ name: String, kind: String) -> String? {
        if name.isEmpty { return "Required value: name is required" }
        if name == "." || name == ".." { return "Invalid value: \"\(name)\": may not be '\(name)'" }
        for forbidden in ["/", "%"] where name.contains(forbidden) {
            return "Invalid value: \"\(name)\": may not contain '\(forbidden)'"
        }
        switch kind {
        case "Namespace" where !LabelValidation.isDNSLabel(name):
            return "Invalid value: \"\(name)\": \(labelRule)"
        case "Service" where !LabelValidation.isDNS1035Label(name):
            return "Invalid value: \"\(name)\": \(dns1035Rule)"
        case _ where subdomainKinds.contains(kind) && !LabelValidation.isDNSSubdomain(name):
            return "Invalid value: \"\(name)\": \(subdomainRule)"
        default:
            return nil
        }
    }
}
