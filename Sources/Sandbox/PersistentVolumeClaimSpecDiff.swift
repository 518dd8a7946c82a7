import FleetModel

/// The PersistentVolumeClaim rule "spec is immutable after creation except
/// resources.requests and volumeAttributesClassName", with the diff of the server's
/// internal spec struct (Go field names, `json.MarshalIndent` with one space) its message carries.
enum PersistentVolumeClaimSpecDiff {
    static func causes(_ object: JSONValue, _ previous: JSONValue) -> [Validation.Cause] {
        let old = lines(previous["spec"], requests: previous.value(at: ["spec", "resources", "requests"]))
        let new = lines(object["spec"], requests: previous.value(at: ["spec", "resources", "requests"]))
        guard old != new else { return [] }
        return [
            (
                "FieldValueForbidden", "spec",
                "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName "
                    + "for bound claims\n" + UnifiedDiff.of(old, new)
            )
        ]
    }

    /// The internal spec as indented JSON lines, with `requests` in place of the spec's own
    /// and the old `volumeAttributesClassName` (both may change).
    private static func lines(_ spec: JSONValue?, requests: JSONValue?) -> [String] {
        let resources: JSONValue = .object(
            JSONObject([("Limits", spec?["resources"]?["limits"] ?? .null), ("Requests", requests ?? .null)]))
        var members: [(String, JSONValue)] = [("AccessModes", spec?["accessModes"] ?? .null)]
        members.append(("Selector", spec?["selector"] ?? .null))
        members.append(("Resources", resources))
        members.append(("VolumeName", spec?["volumeName"] ?? .string("")))
        for (name, field) in [
            ("StorageClassName", "storageClassName"), ("VolumeMode", "volumeMode"), ("DataSource", "dataSource"),
            ("DataSourceRef", "dataSourceRef"),
        ] {
            members.append((name, spec?[field] ?? .null))
        }
        members.append(("VolumeAttributesClassName", .null))
        let value = JSONValue.object(JSONObject(members))
        return indented(value, depth: 0).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private static func indented(_ value: JSONValue, depth: Int) -> String {
        let pad = String(repeating: " ", count: depth + 1)
        let closing = String(repeating: " ", count: depth)
        switch value {
        case .object(let object) where !object.isEmpty:
            let members = object.members.map {
                "\(pad)\(JSONWriter.compact(.string($0.key))): \(indented($0.value, depth: depth + 1))"
            }
            return "{\n" + members.joined(separator: ",\n") + "\n\(closing)}"
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { pad + indented($0, depth: depth + 1) }.joined(separator: ",\n") + "\n\(closing)]"
        default:
            return JSONWriter.compact(value)
        }
    }
}
