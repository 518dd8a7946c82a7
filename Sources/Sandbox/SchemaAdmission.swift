import FleetModel

/// Holds an object to its schema as the API server's decoder does: fields the
/// schema does not declare are pruned (and reported), missing fields with a
/// default get it, and values of the wrong type are reported.
struct SchemaAdmission {
    /// Whether values are checked against the schema's types (custom resources); the
    /// sandbox's schemas of built-in kinds only name fields.
    let checksTypes: Bool
    /// Paths of the pruned fields, as the server names them: `spec.x`, `spec.ports[0].y`.
    private(set) var unknownFields: [String] = []
    /// `(field, message)` of every value of the wrong type.
    private(set) var typeErrors: [(field: String, message: String)] = []

    /// The object with unknown fields pruned and defaults filled in. `apiVersion`,
    /// `kind` and `metadata` are always known at the top.
    mutating func admit(_ object: JSONValue, _ schema: StructuralSchema) -> JSONValue {
        guard case .object(let members) = object else { return object }
        var root = schema
        for name in ["apiVersion", "kind"] where root.properties[name] == nil { root.properties[name] = .scalar }
        if root.properties["metadata"] == nil { root.properties["metadata"] = .anything }
        // A built-in kind's status is the server's own writing (it keeps `null`s, as the HPA's
        // `currentMetrics: null`): written back untouched.
        if !checksTypes, root.properties["status"] != nil { root.properties["status"] = .anything }
        return .object(admit(members, root, path: ""))
    }

    private mutating func admit(_ value: JSONValue, _ schema: StructuralSchema, path: String) -> JSONValue? {
        if case .null = value { return schema.nullable || schema.type == nil ? value : nil }
        guard typeMatches(value, schema) else {
            guard checksTypes else { return value }
            let actual = Self.typeName(value)
            let expected = schema.intOrString ? "integer,string" : schema.type ?? ""
            typeErrors.append(
                (path, "Invalid value: \"\(actual)\": \(path) in body must be of type \(expected): \"\(actual)\""))
            return value
        }
        switch value {
        case .object(let members):
            return .object(admit(members, schema, path: path))
        case .array(let elements):
            guard let items = schema.items?.schema else { return value }
            return .array(
                elements.enumerated().compactMap { index, element in
                    admit(element, items, path: "\(path)[\(index)]")
                })
        default:
            return value
        }
    }

    private mutating func admit(_ members: JSONObject, _ schema: StructuralSchema, path: String) -> JSONObject {
        var admitted = JSONObject()
        for (name, member) in members {
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            if let child = schema.properties[name] ?? schema.additionalProperties?.schema {
                admitted[name] = admit(member, child, path: childPath)
            } else if schema.preservesUnknownFields || schema.type == nil {
                admitted[name] = member
            } else {
                unknownFields.append(childPath)
            }
        }
        for (name, property) in schema.properties.sorted(by: { $0.key < $1.key }) where admitted[name] == nil {
            if let defaultValue = property.defaultValue { admitted[name] = defaultValue }
        }
        return admitted
    }

    private func typeMatches(_ value: JSONValue, _ schema: StructuralSchema) -> Bool {
        if schema.intOrString {
            switch value {
            case .int, .string: return true
            default: return false
            }
        }
        switch (schema.type, value) {
        case (nil, _), ("string", .string), ("integer", .int), ("number", .int), ("number", .double),
            ("boolean", .bool), ("array", .array), ("object", .object):
            return true
        default:
            return false
        }
    }

    /// The OpenAPI name of a value's type, as validation messages print it.
    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
