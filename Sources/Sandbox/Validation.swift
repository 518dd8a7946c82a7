import FleetModel

/// The checks a real API server makes that a GitOps tool will meet: names, and the
/// Deployment selector rules.
enum Validation {
    static func check(_ object: JSONValue, _ resource: APIResource, name: String) throws(APIStatus) {
        var causes: [(reason: String, field: String, message: String)] = []
        if name.isEmpty {
            causes.append(("FieldValueRequired", "metadata.name", "Required value: name or generateName is required"))
        } else if !LabelValidation.isDNSSubdomain(name)
            || (resource.kind == "Namespace" && (name.count > 63 || name.contains(".")))
        {
            causes.append(
                (
                    "FieldValueInvalid", "metadata.name",
                    "Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                        + "characters, '-' or '.', and must start and end with an alphanumeric character"
                ))
        }
        for (key, value) in object.labels {
            if let problem = LabelValidation.keyProblem(key) ?? LabelValidation.valueProblem(value) {
                causes.append(("FieldValueInvalid", "metadata.labels", "Invalid value: \"\(key)\": \(problem.message)"))
            }
        }
        if ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"].contains(resource.kind) {
            causes += workloadSelectorCauses(object)
        }
        guard causes.isEmpty else { throw APIStatus.invalid(resource, name, causes: causes) }
    }

    private static func workloadSelectorCauses(
        _ object: JSONValue
    ) -> [(reason: String, field: String, message: String)] {
        let templateLabels = object.value(at: ["spec", "template", "metadata", "labels"])?.objectValue ?? JSONObject()
        guard let selector = object.value(at: ["spec", "selector"]), case .object = selector else {
            return [
                ("FieldValueRequired", "spec.selector", "Required value"),
                (
                    "FieldValueInvalid", "spec.template.metadata.labels",
                    "Invalid value: \(JSONWriter.compact(.object(templateLabels))): `selector` does not match template `labels`"
                ),
            ]
        }
        let labels = templateLabels.reduce(into: [String: String]()) { $0[$1.key] = $1.value.scalarText }
        let parsed = try? LabelSelector(
            reading: FieldReader(value: selector, path: .root, sourceMap: SourceMap(file: "")))
        if parsed?.matches(labels) != true || parsed?.isEmpty == true {
            return [
                (
                    "FieldValueInvalid", "spec.template.metadata.labels",
                    "Invalid value: \(JSONWriter.compact(.object(templateLabels))): `selector` does not match template `labels`"
                )
            ]
        }
        return []
    }
}
