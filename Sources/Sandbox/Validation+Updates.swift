import FleetModel

extension Validation {
    /// The immutability rules of the built-in kinds, as the API server's update validation
    /// words them, checked on the object about to be stored (defaults filled) against the
    /// stored one.
    static func checkUpdate(
        _ object: JSONValue, previous: JSONValue, _ resource: APIResource, name: String
    ) throws(APIStatus) {
        var causes: [Cause] = []
        let changed = { (path: [String]) in object.value(at: path) != previous.value(at: path) }
        switch resource.kind {
        case "Deployment", "ReplicaSet", "DaemonSet", "Job":
            if changed(["spec", "selector"]) {
                causes.append(immutable("spec.selector", object.value(at: ["spec", "selector"])))
            }
            if resource.kind == "Job", changed(["spec", "template"]) {
                // The server prints its internal PodTemplateSpec: the labels inline, then `Spec`.
                let labels = object.value(at: ["spec", "template", "metadata", "labels"])?.objectValue ?? JSONObject()
                let template: JSONValue = [
                    "labels": .object(JSONObject(labels.members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
                    "Spec": object.value(at: ["spec", "template", "spec"]) ?? .null,
                ]
                causes.append(immutable("spec.template", template))
            }
        case "StatefulSet":
            let mutable: Set<String> = [
                "replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                "persistentVolumeClaimRetentionPolicy", "minReadySeconds",
            ]
            let keys = Set((object["spec"]?.objectValue?.keys ?? []) + (previous["spec"]?.objectValue?.keys ?? []))
            if keys.subtracting(mutable).contains(where: { changed(["spec", $0]) }) {
                causes.append(
                    (
                        "FieldValueForbidden", "spec",
                        "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                            + "'template', 'updateStrategy', 'revisionHistoryLimit', "
                            + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
                    ))
            }
        case "Service":
            causes += clusterIPCauses(object, previous)
        case "ConfigMap", "Secret":
            if previous["immutable"]?.boolValue == true {
                for field in ["data", "binaryData", "immutable"] where changed([field]) {
                    causes.append(
                        ("FieldValueForbidden", field, "Forbidden: field is immutable when `immutable` is set"))
                }
            }
            if resource.kind == "Secret", changed(["type"]) { causes.append(immutable("type", object["type"])) }
        case "PersistentVolumeClaim":
            causes += PersistentVolumeClaimSpecDiff.causes(object, previous)
        case "RoleBinding", "ClusterRoleBinding":
            if changed(["roleRef"]) {
                let roleRef = object["roleRef"]
                let value: JSONValue = [
                    "APIGroup": roleRef?["apiGroup"] ?? "", "Kind": roleRef?["kind"] ?? "",
                    "Name": roleRef?["name"] ?? "",
                ]
                causes.append(
                    (
                        "FieldValueInvalid", "roleRef",
                        "Invalid value: \(JSONWriter.compact(value)): cannot change roleRef"
                    ))
            }
        default:
            break
        }
        guard causes.isEmpty else { throw APIStatus.invalid(resource, name, causes: causes) }
    }

    private static func immutable(_ field: String, _ value: JSONValue?) -> Cause {
        ("FieldValueInvalid", field, "Invalid value: \(JSONWriter.compact(value ?? .null)): field is immutable")
    }

    /// A Service's cluster IPs may not change once allocated; `clusterIP` and `clusterIPs[0]`
    /// move together, so changing either is reported on `spec.clusterIPs[0]`.
    private static func clusterIPCauses(_ object: JSONValue, _ previous: JSONValue) -> [Cause] {
        guard let old = previous.value(at: ["spec", "clusterIP"])?.stringValue, !old.isEmpty else { return [] }
        let oldIPs = previous.value(at: ["spec", "clusterIPs"])?.arrayValue ?? [.string(old)]
        var newIPs = object.value(at: ["spec", "clusterIPs"])?.arrayValue ?? oldIPs
        if let new = object.value(at: ["spec", "clusterIP"]), new != .string(old), newIPs.first == .string(old) {
            newIPs[0] = new
        }
        guard newIPs.first != oldIPs.first else { return [] }
        return [
            (
                "FieldValueInvalid", "spec.clusterIPs[0]",
                "Invalid value: \(JSONWriter.compact(.array(newIPs))): may not change once set"
            )
        ]
    }
}
