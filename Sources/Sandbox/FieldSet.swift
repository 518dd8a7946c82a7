import FleetModel

/// A set of field paths, as server-side apply tracks ownership in `managedFields`
/// (`fieldsV1`): `f:name` for a map key, `k:{"name":"web"}` for an item of a keyed
/// list, `v:"a"` for a member of a set, and `.` for "the item itself". A member with no
/// children is a leaf; an atomic map or list is one leaf.
struct FieldSet: Sendable, Equatable {
    private(set) var children: [String: FieldSet] = [:]

    var isEmpty: Bool { children.isEmpty }

    /// The fields an object sets, skipping identity and bookkeeping (`apiVersion`, `kind`,
    /// `metadata.name`, `uid`, `resourceVersion`, …) and, for the main resource, `status`.
    static func of(object: JSONValue, schema: StructuralSchema, includeStatus: Bool = false) -> FieldSet {
        var set = FieldSet()
        for (key, value) in object.objectValue ?? JSONObject() {
            switch key {
            case "apiVersion", "kind": continue
            case "status" where !includeStatus: continue
            case "metadata":
                var metadata = FieldSet()
                let metadataSchema = schema.member("metadata")
                for (metadataKey, metadataValue) in value.objectValue ?? JSONObject()
                where ["labels", "annotations", "finalizers", "ownerReferences"].contains(metadataKey) {
                    metadata.children["f:\(metadataKey)"] = of(metadataValue, metadataSchema.member(metadataKey))
                }
                if !metadata.isEmpty { set.children["f:metadata"] = metadata }
            default:
                set.children["f:\(key)"] = of(value, schema.member(key))
            }
        }
        return set
    }

    /// The fields of `value`, which `schema` describes: an atomic value, a scalar or an
    /// atomic list is one leaf; list-map items are `k:` members, set members `v:` ones.
    static func of(_ value: JSONValue, _ schema: StructuralSchema) -> FieldSet {
        guard !schema.isAtomic else { return FieldSet() }
        switch value {
        case .object(let object):
            var set = FieldSet()
            for (key, child) in object { set.children["f:\(key)"] = of(child, schema.member(key)) }
            return set
        case .array(let items):
            var set = FieldSet()
            switch schema.listSemantics {
            case .atomic:
                break
            case .set:
                for item in items { set.children["v:" + JSONWriter.compact(item)] = FieldSet() }
            case .map(let keys):
                for item in items {
                    guard let member = keys.member(of: item) else { continue }
                    var itemSet = of(item, schema.item)
                    itemSet.children["."] = FieldSet()
                    set.children[member] = itemSet
                }
            }
            return set
        default:
            return FieldSet()
        }
    }

    /// The fields an Update owns for a `value` it adds where there was none: those of
    /// `of(_:_:)`, plus `.` for every non-empty map and non-atomic list it adds (the
    /// container, as the server records it, besides its members).
    static func added(_ value: JSONValue, _ schema: StructuralSchema) -> FieldSet {
        guard !schema.isAtomic else { return FieldSet() }
        var set = FieldSet()
        switch value {
        case .object(let object):
            for (key, child) in object { set.children["f:\(key)"] = added(child, schema.member(key)) }
            if schema.additionalProperties != nil, !object.isEmpty { set.children["."] = FieldSet() }
        case .array(let items) where !items.isEmpty:
            switch schema.listSemantics {
            case .atomic:
                return set
            case .set:
                set = of(value, schema)
            case .map(let keys):
                for item in items {
                    guard let member = keys.member(of: item) else { continue }
                    var itemSet = added(item, schema.item)
                    itemSet.children["."] = FieldSet()
                    set.children[member] = itemSet
                }
            }
            set.children["."] = FieldSet()
        default:
            break
        }
        return set
    }

    func union(_ other: FieldSet) -> FieldSet {
        var result = self
        for (key, child) in other.children {
            result.children[key] = result.children[key].map { $0.union(child) } ?? child
        }
        return result
    }

    /// This set without the leaves of `other` (a member whose children all go goes too).
    func subtracting(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        for (key, child) in children {
            guard let removed = other.children[key] else {
                result.children[key] = child
                continue
            }
            if removed.isEmpty { continue }
            if child.isEmpty {
                result.children[key] = child
                continue
            }
            let rest = child.subtracting(removed)
            if !rest.isEmpty { result.children[key] = rest }
        }
        return result
    }

    /// The leaves both sets hold.
    func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        for (key, child) in children {
            guard let theirs = other.children[key] else { continue }
            if child.isEmpty || theirs.isEmpty {
                if child.isEmpty && theirs.isEmpty { result.children[key] = FieldSet() }
                continue
            }
            let common = child.intersection(theirs)
            if !common.isEmpty { result.children[key] = common }
        }
        return result
    }

    /// Every leaf as a path of members, sorted.
    var leaves: [[String]] {
        var result: [[String]] = []
        for (key, child) in children {
            if child.isEmpty {
                result.append([key])
            } else {
                result += child.leaves.map { [key] + $0 }
            }
        }
        return result.sorted { $0.joined(separator: "/") < $1.joined(separator: "/") }
    }

    /// `fieldsV1` JSON.
    var json: JSONValue {
        .object(JSONObject(children.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) }))
    }

    /// A set from `fieldsV1` JSON.
    init(json: JSONValue?) {
        for (key, value) in json?.objectValue ?? JSONObject() { children[key] = FieldSet(json: value) }
    }

    init() {}

    /// A leaf path in the form conflict messages use: `.spec.replicas`, `.spec.containers[name="web"].image`.
    static func describe(_ path: [String]) -> String {
        var text = ""
        for member in path where member != "." {
            if member.hasPrefix("f:") {
                text += "." + member.dropFirst(2)
            } else if member.hasPrefix("v:") {
                text += "[\(member.dropFirst(2))]"
            } else if member.hasPrefix("k:") {
                let keyJSON = String(member.dropFirst(2))
                let pairs = (try? JSONReader.parse(keyJSON))?.objectValue ?? JSONObject()
                text += "[" + pairs.map { "\($0.key)=\(JSONWriter.compact($0.value))" }.joined(separator: ",") + "]"
            }
        }
        return text
    }
}
