import FleetModel

/// The structural operations of server-side apply and update tracking, over JSON values,
/// as the schema's merge semantics say: atomic maps and lists are replaced whole, list-map
/// items merge by key, set members by value, other maps by member.
enum ObjectMerge {
    /// `applied` laid over `live`.
    static func apply(_ applied: JSONValue, over live: JSONValue?, _ schema: StructuralSchema) -> JSONValue {
        guard !schema.isAtomic else { return applied }
        switch (applied, live) {
        case (.object(let mine), .object(let theirs)?):
            var result = theirs
            for (key, value) in mine { result[key] = apply(value, over: theirs[key], schema.member(key)) }
            return .object(result)
        case (.array(let mine), .array(let theirs)?):
            switch schema.listSemantics {
            case .atomic:
                return applied
            case .set:
                return .array(theirs + mine.filter { !theirs.contains($0) })
            case .map(let keys):
                var result = theirs
                for item in mine {
                    let key = keys.key(of: item)
                    if let index = result.firstIndex(where: { keys.key(of: $0) == key }) {
                        result[index] = apply(item, over: result[index], schema.item)
                    } else {
                        result.append(item)
                    }
                }
                return .array(result)
            }
        default:
            return applied
        }
    }

    /// `value` without the leaves of `fields`; a list-map item whose `.` is removed goes whole.
    static func removing(_ fields: FieldSet, from value: JSONValue, _ schema: StructuralSchema) -> JSONValue {
        switch value {
        case .object(var object):
            for (member, child) in fields.children where member.hasPrefix("f:") {
                let key = String(member.dropFirst(2))
                guard let current = object[key] else { continue }
                object[key] = child.isEmpty ? nil : removing(child, from: current, schema.member(key))
            }
            return .object(object)
        case .array(var items):
            for (member, child) in fields.children {
                guard let index = items.firstIndex(where: { matches($0, member: member, schema) }) else { continue }
                if member.hasPrefix("v:") || child.children["."] != nil {
                    items.remove(at: index)
                } else {
                    items[index] = removing(child, from: items[index], schema.item)
                }
            }
            return .array(items)
        default:
            return value
        }
    }

    /// The fields of `new` that are new or different from `old`, as an Update owns them;
    /// nil when nothing changed. A map or keyed list that is new is owned itself too (`.`).
    static func changedFields(from old: JSONValue?, to new: JSONValue, _ schema: StructuralSchema) -> FieldSet? {
        guard old != new else { return nil }
        guard !schema.isAtomic else { return FieldSet() }
        switch (old, new) {
        case (.object(let before)?, .object(let after)):
            var set = FieldSet()
            for (key, value) in after {
                if let changed = changedFields(from: before[key], to: value, schema.member(key)) {
                    set = set.union(member("f:\(key)", changed))
                }
            }
            return set.isEmpty ? nil : set
        case (.array(let before)?, .array(let after)):
            guard case .map(let keys) = schema.listSemantics else {
                return schema.listSemantics == .set ? FieldSet.of(new, schema) : FieldSet()
            }
            var set = FieldSet()
            for item in after {
                guard let itemMember = keys.member(of: item) else { continue }
                let previous = before.first { keys.member(of: $0) == itemMember }
                if previous == nil {
                    set = set.union(
                        member(itemMember, FieldSet.added(item, schema.item).union(member(".", FieldSet()))))
                } else if let changed = changedFields(from: previous, to: item, schema.item) {
                    set = set.union(member(itemMember, changed))
                }
            }
            return set.isEmpty ? nil : set
        case (_, .object(let after)) where !after.isEmpty:
            return FieldSet.added(new, schema)
        case (_, .array(let after)) where !after.isEmpty && schema.listSemantics != .atomic:
            return FieldSet.added(new, schema)
        default:
            return FieldSet()
        }
    }

    /// A set holding one member.
    static func member(_ name: String, _ child: FieldSet) -> FieldSet {
        FieldSet(json: .object(JSONObject([(name, child.json)])))
    }

    /// The value a leaf path of `FieldSet.leaves` names in `object`.
    static func value(at path: [String], in object: JSONValue?, _ schema: StructuralSchema) -> JSONValue? {
        var current = object
        var schema = schema
        for member in path where member != "." {
            if member.hasPrefix("f:") {
                let field = String(member.dropFirst(2))
                current = current?[field]
                schema = schema.member(field)
            } else if case .array(let items)? = current {
                current = items.first { matches($0, member: member, schema) }
                schema = schema.item
            } else {
                return nil
            }
        }
        return current
    }

    /// Whether `item` of a list `schema` describes is the one a `k:` or `v:` member names.
    private static func matches(_ item: JSONValue, member: String, _ schema: StructuralSchema) -> Bool {
        if member.hasPrefix("v:") { return "v:" + JSONWriter.compact(item) == member }
        guard member.hasPrefix("k:"), case .map(let keys) = schema.listSemantics else { return false }
        return keys.member(of: item) == member
    }
}
