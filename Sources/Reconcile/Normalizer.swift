import FleetModel

/// Prepares objects for comparison: what the server keeps for itself (status, managed
/// fields, resource version, uid, timestamps) is dropped, and so are the fields an
/// Application's `ignoreDifferences` rules name.
enum Normalizer {
    static let bookkeeping = [
        "managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink",
    ]

    /// `object` as a diff sees it; `owners` supplies managedFields when rules name managers.
    static func normalized(_ object: JSONValue, rules: [IgnoreRule], owners: JSONValue?) -> JSONValue {
        guard case .object(var members) = object else { return object }
        members["status"] = nil
        if case .object(var metadata)? = members["metadata"] {
            for key in bookkeeping { metadata[key] = nil }
            if case .object(var annotations)? = metadata["annotations"] {
                annotations["kubectl.kubernetes.io/last-applied-configuration"] = nil
                annotations[Tracking.digestAnnotation] = nil
                metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
            }
            members["metadata"] = .object(metadata)
        }
        var result = JSONValue.object(members)
        let key = ResourceKey(object)
        for rule in rules where rule.selects(key) {
            for path in rule.paths { result = removing(path, from: result) }
            for manager in rule.managers {
                for entry in owners?["metadata"]?["managedFields"]?.arrayValue ?? []
                where entry["manager"]?.stringValue == manager {
                    result = removing(owned: entry["fieldsV1"] ?? [:], from: result)
                }
            }
        }
        return result
    }

    /// The members of an object kubectl prints first, in its order.
    static let leadingKeys = ["apiVersion", "kind", "metadata", "spec"]

    /// `object` with its top-level members in one order whoever wrote it: `apiVersion`,
    /// `kind`, `metadata`, `spec`, then the rest by name. A real API server puts `kind`
    /// before `apiVersion` in some answers and not in others; without this every diff of a
    /// changed object would carry a false hunk. Nested members keep their order: the server
    /// writes them from one schema on both sides.
    static func canonicallyOrdered(_ object: JSONValue) -> JSONValue {
        guard case .object(let members) = object else { return object }
        let leading = leadingKeys.compactMap { key in members[key].map { (key, $0) } }
        let rest = members.members.filter { !leadingKeys.contains($0.key) }.sorted { $0.key < $1.key }
        return .object(JSONObject(leading + rest.map { ($0.key, $0.value) }))
    }

    /// `value` without the member at `path` (array steps are decimal indexes).
    static func removing(_ path: [String], from value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch value {
        case .object(var members):
            guard let child = members[first] else { return value }
            members[first] = rest.isEmpty ? nil : removing(rest, from: child)
            return .object(members)
        case .array(var elements):
            guard let index = Int(first), elements.indices.contains(index) else { return value }
            if rest.isEmpty {
                elements.remove(at: index)
            } else {
                elements[index] = removing(rest, from: elements[index])
            }
            return .array(elements)
        default:
            return value
        }
    }

    /// `value` without the fields a `fieldsV1` set names (`f:` members, `k:{…}` list items, `v:` values).
    static func removing(owned fields: JSONValue, from value: JSONValue) -> JSONValue {
        guard let set = fields.objectValue else { return value }
        var result = value
        for (key, children) in set where key != "." {
            let leaf = children.objectValue?.keys.allSatisfy { $0 == "." } ?? true
            if key.hasPrefix("f:"), case .object(var members) = result {
                let name = String(key.dropFirst(2))
                guard let child = members[name] else { continue }
                members[name] = leaf ? nil : removing(owned: children, from: child)
                result = .object(members)
            } else if key.hasPrefix("k:") || key.hasPrefix("v:"), case .array(var elements) = result {
                let matcher = String(key.dropFirst(2))
                let wanted = try? JSONReader.parse(matcher)
                guard let wanted,
                    let index = elements.firstIndex(where: { element in
                        key.hasPrefix("v:") ? element == wanted : matches(element, wanted)
                    })
                else { continue }
                if leaf {
                    elements.remove(at: index)
                } else {
                    elements[index] = removing(owned: children, from: elements[index])
                }
                result = .array(elements)
            }
        }
        return result
    }

    private static func matches(_ element: JSONValue, _ keys: JSONValue) -> Bool {
        (keys.objectValue ?? JSONObject()).allSatisfy { element[$0.key] == $0.value }
    }

    /// A Secret with every `data` and `stringData` value replaced by `+` runs: equal values
    /// get equal masks, so a diff shows which keys changed but never their contents.
    static func maskedSecrets(_ live: JSONValue?, _ desired: JSONValue?) -> (JSONValue?, JSONValue?) {
        guard (live ?? desired)?["kind"]?.stringValue == "Secret" else { return (live, desired) }
        func mask(_ object: JSONValue?, other: JSONValue?, long: Bool) -> JSONValue? {
            guard case .object(var members)? = object else { return object }
            for field in ["data", "stringData"] {
                guard case .object(let values)? = members[field] else { continue }
                members[field] = .object(
                    JSONObject(
                        values.map { key, value in
                            let changed = other?[field]?[key] != value
                            return (key, .string(String(repeating: "+", count: changed && long ? 9 : 8)))
                        }))
            }
            return .object(members)
        }
        return (mask(live, other: desired, long: false), mask(desired, other: live, long: true))
    }
}
