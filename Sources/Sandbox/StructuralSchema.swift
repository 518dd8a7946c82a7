import FleetModel

/// The part of an OpenAPI v3 schema the API server uses to prune, default and
/// type-check objects: a CRD version's `openAPIV3Schema`, or the sandbox's own
/// description of a built-in kind.
struct StructuralSchema: Sendable {
    /// `string`, `integer`, `number`, `boolean`, `array`, `object`; nil checks nothing.
    var type: String?
    /// Known fields of an object.
    var properties: [String: StructuralSchema] = [:]
    /// The schema of every key of a map (`additionalProperties`).
    var additionalProperties: Box?
    /// The schema of a list's items.
    var items: Box?
    /// `x-kubernetes-preserve-unknown-fields: true`: fields not in `properties` are kept.
    var preservesUnknownFields = false
    /// `x-kubernetes-int-or-string: true`.
    var intOrString = false
    /// `nullable: true`: null is kept rather than pruned.
    var nullable = false
    /// The value filled in when the field is missing.
    var defaultValue: JSONValue?
    /// `x-kubernetes-map-type: atomic`: the object is owned, merged and replaced as a whole.
    var isAtomic = false
    /// How a list merges: `x-kubernetes-list-type` and `x-kubernetes-list-map-keys`.
    var listSemantics = ListSemantics.atomic
    /// `x-kubernetes-patch-strategy: merge` on a list: a strategic merge patch merges it
    /// (by `patchMergeKey` when there is one) instead of replacing it.
    var patchMerges = false
    /// `x-kubernetes-patch-merge-key`.
    var patchMergeKey: String?

    /// A reference cell, so that a schema can hold schemas of its own type.
    final class Box: Sendable {
        let schema: StructuralSchema
        init(_ schema: StructuralSchema) { self.schema = schema }
    }

    init(
        type: String? = nil, properties: [String: StructuralSchema] = [:],
        additionalProperties: StructuralSchema? = nil,
        items: StructuralSchema? = nil, preservesUnknownFields: Bool = false
    ) {
        self.type = type
        self.properties = properties
        self.additionalProperties = additionalProperties.map(Box.init)
        self.items = items.map(Box.init)
        self.preservesUnknownFields = preservesUnknownFields
    }

    /// A schema from OpenAPI v3 JSON (a CRD's `openAPIV3Schema`).
    init(openAPI json: JSONValue) {
        type = json["type"]?.stringValue
        for (name, property) in json["properties"]?.objectValue ?? JSONObject() {
            properties[name] = StructuralSchema(openAPI: property)
        }
        switch json["additionalProperties"] {
        case .object(let object)?: additionalProperties = Box(StructuralSchema(openAPI: .object(object)))
        case .bool(true)?: additionalProperties = Box(.anything)
        default: break
        }
        items = json["items"].map { Box(StructuralSchema(openAPI: $0)) }
        preservesUnknownFields = json["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
        intOrString = json["x-kubernetes-int-or-string"]?.boolValue == true
        nullable = json["nullable"]?.boolValue == true
        defaultValue = json["default"]
        isAtomic = json["x-kubernetes-map-type"]?.stringValue == "atomic"
        switch json["x-kubernetes-list-type"]?.stringValue {
        case "set": listSemantics = .set
        case "map":
            let keys = json["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let itemProperties = items?.schema.properties ?? [:]
            listSemantics = .map(
                ListMapKeys(keys.map { ($0, itemProperties[$0]?.defaultValue) }))
        default: listSemantics = .atomic
        }
    }

    /// Anything goes: no pruning, no type checks.
    static let anything = StructuralSchema(preservesUnknownFields: true)

    /// A scalar of any type (built-in kinds are not type-checked by the sandbox).
    static let scalar = StructuralSchema()

    /// An object with exactly these fields.
    static func object(_ properties: [String: StructuralSchema]) -> StructuralSchema {
        StructuralSchema(type: "object", properties: properties)
    }

    /// A map from free keys to `value`s.
    static func map(_ value: StructuralSchema = .scalar) -> StructuralSchema {
        StructuralSchema(type: "object", additionalProperties: value)
    }

    /// A list of `item`s.
    static func list(_ item: StructuralSchema = .scalar, _ semantics: ListSemantics = .atomic) -> StructuralSchema {
        var schema = StructuralSchema(type: "array", items: item)
        schema.listSemantics = semantics
        return schema
    }

    /// The schema of member `name` of an object this schema describes (`.anything` when unknown).
    func member(_ name: String) -> StructuralSchema {
        properties[name] ?? additionalProperties?.schema ?? .anything
    }

    /// The schema of a list's items (`.anything` when unknown).
    var item: StructuralSchema { items?.schema ?? .anything }
}
