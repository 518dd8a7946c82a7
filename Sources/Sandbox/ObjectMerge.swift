import FleetModel

/// The structural operations of server-side apply and update tracking, over JSON
/// values, using `ListKeys` to treat keyed lists item by item.
enum ObjectMerge {
    /// `applied` laid over `live`: maps merge by key, keyed lists by item key (new items
    /// appended), anything else is replaced.
    static func apply(_ applied: JSONValue, over live: JSONValue?, field: String = "") -> JSONValue {
        switch (applied, live) {
        case (.object(let mine), .object(let theirs)?):
            var result = theirs
            for (key, value) in mine { result[key] = apply(value, over: theirs[key], field: key) }
            return .object(result)
        case (.array(let mine), .array(let theirs)?):
            guard let keys = ListKeys.keys(for: field, items: mine + theirs) else { return applied }
            var result = theirs
            for item in mine {
                let itemKey = ListKeys.itemKey(item, keys: keys)
                if let index = result.firstIndex(where: { ListKeys.itemKey($0, keys: keys) == itemKey }) {
                    result[index] = apply(item, over: result[index], field: "")
                } else {
                    result.append(item)
                }
            }
            return .array(result)
        default:
            return applied
        }
    }

    /// `value` without the leaves of `fields`; an item of a keyed list whose `.` is removed goes whole.
    static func removing(_ fields: FieldSet, from value: JSONValue, field: String = "") -> JSONValue {
        switch value {
        case .object(var object):
            for (member, child) in fields.children where member.hasPrefix("f:") {
                let key = String(member.dropFirst(2))
                guard let current = object[key] else { continue }
                object[key] = child.isEmpty ? nil : removing(child, from: current, field: key)
            }
            return .object(object)
        case .array(var items):
            guard let keys = ListKeys.keys(for: field, items: items) else { return value }
            for (member, child) in fields.children where member.hasPrefix("k:") {
                guard let index = items.firstIndex(where: { ListKeys.itemKey($0, keys: keys) == member }) else {
                    continue
                }
                if child.children["."] != nil {
                    items.remove(at: index)
                } else {
                    items[index] = removing(child, from: items[index])
                }
            }
            return .array(items)
        default:
            return value
        }
    }

    /// The fields of `new` that are new or different from `old`; nil when nothing changed.
    static func changedFields(from old: JSONValue?, to new: JSONValue, field: String = "") -> FieldSet? {
        guard old != new else { return nil }
        switch (old, new) {
        case (.object(let before)?, .object(let after)):
            var set = FieldSet()
            for (key, value) in after {
                if let changed = changedFields(from: before[key], to: value, field: key) {
                    set = set.union(Self.member("f:\(key)", changed))
                }
            }
            return set.isEmpty ? nil : set
        case (.array(let before)?, .array(let after)):
            guard let keys = ListKeys.keys(for: field, items: before + after) else { return FieldSet() }
            var set = FieldSet()
            for item in after {
                guard let itemKey = ListKeys.itemKey(item, keys: keys) else { continue }
                let previous = before.first { ListKeys.itemKey($0, keys: keys) == itemKey }
                if previous == nil {
                    var whole = FieldSet.of(item, field: "")
                    whole = whole.union(Self.member(".", FieldSet()))
                    set = set.union(Self.member(itemKey, whole))
                } else if let changed = changedFields(from: previous, to: item) {
                    set = set.union(Self.member(itemKey, changed))
                }
            }
            return set.isEmpty ? nil : set
        case (_, .object(let after)) where !after.isEmpty:
            return FieldSet.of(new, field: field)
        default:
            return FieldSet()
        }
    }

    /// A set holding one member.
    static func member(_ name: String, _ child: FieldSet) -> FieldSet {
        FieldSet(json: .object(JSONObject([(name, child.json)])))
    }

    /// The value a leaf path of `FieldSet.leaves` names in `object`.
    static func value(at path: [String], in object: JSONValue?) -> JSONValue? {
        var current = object
        var field = ""
        for member in path where member != "." {
            if member.hasPrefix("f:") {
                field = String(member.dropFirst(2))
                current = current?[field]
            } else if member.hasPrefix("k:"), case .array(let items)? = current {
                let keys = ListKeys.keys(for: field, items: items) ?? []
                current = items.first { ListKeys.itemKey($0, keys: keys) == member }
            } else {
                return nil
            }
        }
        return current
    }
}
