import FleetModel

/// A strategic merge patch (`application/strategic-merge-patch+json`) on a built-in kind:
/// maps merge (atomic ones too: the strategy is the patch's, not server-side apply's),
/// `null` deletes, and a list merges only where the schema says
/// `x-kubernetes-patch-strategy: merge` — by its patch merge key, or as a set — else the
/// patch's list replaces it.
enum StrategicMerge {
    static func apply(_ patch: JSONValue, to target: JSONValue?, _ schema: StructuralSchema) -> JSONValue {
        switch (patch, target) {
        case (.object(let changes), _):
            var result = target?.objectValue ?? JSONObject()
            for (key, value) in changes {
                if value.isNull {
                    result[key] = nil
                } else {
                    result[key] = apply(value, to: result[key], schema.member(key))
                }
            }
            return .object(result)
        case (.array(let items), .array(let live)?) where schema.patchMerges:
            guard let mergeKey = schema.patchMergeKey else {
                return .array(live + items.filter { !live.contains($0) })
            }
            var result = live
            for item in items {
                if let key = item[mergeKey], let index = result.firstIndex(where: { $0[mergeKey] == key }) {
                    result[index] = apply(item, to: result[index], schema.item)
                } else {
                    result.append(item)
                }
            }
            return .array(result)
        default:
            return patch
        }
    }
}
