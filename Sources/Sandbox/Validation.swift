import FleetModel

/// The checks a real API server makes on what users commonly get wrong, with its messages:
/// names, labels, the workload selector rules, replicas, ConfigMap keys, Service ports.
enum Validation {
    /// One `details.causes` entry of a 422.
    typealias Cause = (reason: String, field: String, message: String)

    static func check(_ object: JSONValue, _ resource: APIResource, name: String) throws(APIStatus) {
        var causes = nameCauses(name, resource)
        for (key, value) in object.labels {
            if let problem = LabelValidation.keyProblem(key) {
                causes.append(("FieldValueInvalid", "metadata.labels", "Invalid value: \"\(key)\": \(problem.message)"))
            }
            causes += labelValueCauses(value, field: "metadata.labels")
        }
        switch resource.kind {
        case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet":
            causes += workloadCauses(object, resource.kind)
        case "ConfigMap", "Secret":
            causes += dataKeyCauses(object)
        case "Service":
            causes += serviceCauses(object)
        default:
            break
        }
        guard causes.isEmpty else { throw APIStatus.invalid(resource, name, causes: causes) }
    }

    private static func nameCauses(_ name: String, _ resource: APIResource) -> [Cause] {
        if name.isEmpty {
            return [("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")]
        }
        if resource.kind == "Namespace" {
            guard !isDNSLabel(name) else { return [] }
            return [
                (
                    "FieldValueInvalid", "metadata.name",
                    "Invalid value: \"\(name)\": a lowercase RFC 1123 label must consist of lower case alphanumeric "
                        + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
                        + "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                )
            ]
        }
        guard !LabelValidation.isDNSSubdomain(name) else { return [] }
        return [
            (
                "FieldValueInvalid", "metadata.name",
                "Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
                    + "'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            )
        ]
    }

    /// A lowercase RFC 1123 label: at most 63 characters of `[a-z0-9-]`, alphanumeric at both ends.
    static func isDNSLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let alphanumeric: (UInt8) -> Bool = { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        return alphanumeric(first) && alphanumeric(last) && bytes.allSatisfy { alphanumeric($0) || $0 == 0x2D }
    }

    static func labelValueCauses(_ value: String, field: String) -> [Cause] {
        var causes: [Cause] = []
        if value.utf8.count > 63 {
            causes.append(("FieldValueInvalid", field, "Invalid value: \"\(value)\": must be no more than 63 bytes"))
        }
        if !value.isEmpty, LabelValidation.valueProblem(String(value.prefix(63))) != nil {
            causes.append(
                (
                    "FieldValueInvalid", field,
                    "Invalid value: \"\(value)\": a valid label must be an empty string or consist of alphanumeric "
                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                        + "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                        + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
                ))
        }
        return causes
    }

    private static func workloadCauses(_ object: JSONValue, _ kind: String) -> [Cause] {
        var causes: [Cause] = []
        if let replicas = object.value(at: ["spec", "replicas"])?.intValue, replicas < 0 {
            causes.append(
                ("FieldValueInvalid", "spec.replicas", "Invalid value: \(replicas): must be greater than or equal to 0")
            )
        }
        let templateLabels = object.value(at: ["spec", "template", "metadata", "labels"])?.objectValue ?? JSONObject()
        let mismatch: Cause = (
            "FieldValueInvalid", "spec.template.metadata.labels",
            "Invalid value: \(JSONWriter.compact(.object(templateLabels))): `selector` does not match template `labels`"
        )
        if let selector = object.value(at: ["spec", "selector"]), case .object = selector {
            let labels = templateLabels.reduce(into: [String: String]()) { $0[$1.key] = $1.value.scalarText }
            let parsed = try? LabelSelector(
                reading: FieldReader(value: selector, path: .root, sourceMap: SourceMap(file: "")))
            if parsed?.matches(labels) != true || parsed?.isEmpty == true { causes.append(mismatch) }
        } else {
            causes += [("FieldValueRequired", "spec.selector", "Required value"), mismatch]
        }
        if object.value(at: ["spec", "template", "spec", "containers"])?.arrayValue?.isEmpty ?? true {
            causes.append(("FieldValueRequired", "spec.template.spec.containers", "Required value"))
        }
        return causes
    }

    private static func dataKeyCauses(_ object: JSONValue) -> [Cause] {
        var causes: [Cause] = []
        for field in ["data", "binaryData", "stringData"] {
            for key in object[field]?.objectValue?.keys ?? [] where !isConfigKey(key) {
                causes.append(
                    (
                        "FieldValueInvalid", "\(field)[\(key)]",
                        "Invalid value: \"\(key)\": a valid config key must consist of alphanumeric characters, '-', "
                            + "'_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation "
                            + "is '[-._a-zA-Z0-9]+')"
                    ))
            }
        }
        return causes
    }

    private static func isConfigKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 253
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
    }

    private static func serviceCauses(_ object: JSONValue) -> [Cause] {
        let type = object.value(at: ["spec", "type"])?.stringValue ?? "ClusterIP"
        let headless = object.value(at: ["spec", "clusterIP"])?.stringValue == "None"
        guard type != "ExternalName", !headless,
            object.value(at: ["spec", "ports"])?.arrayValue?.isEmpty ?? true
        else { return [] }
        return [("FieldValueRequired", "spec.ports", "Required value")]
    }
}
