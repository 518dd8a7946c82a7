import FleetModel

/// The params one generator produces for one Application: string keys, any values.
///
/// Params may be nested maps; `<<a.b.c>>` walks them. A key that itself holds dots
/// (`metadata.labels.app.kubernetes.io/name`) is found too (see `ParamPath`).
public struct ParamSet: Sendable, Hashable {
    /// The params, in the order the generator produced them.
    public var values: JSONObject

    /// A param set holding `values`.
    public init(_ values: JSONObject = JSONObject()) {
        self.values = values
    }

    /// The value at a dotted `path`, or nil when no param has that name.
    public func lookup(_ path: String) -> JSONValue? {
        lookup(ParamPath(path))
    }

    /// The value at `path`, or nil when no param has that name.
    public func lookup(_ path: ParamPath) -> JSONValue? {
        path.resolve(in: values)
    }

    /// Every param name a placeholder can use, maps included (`syncPolicy`, `syncPolicy.automated`, …).
    public var names: [String] {
        var result: [String] = []
        Self.collectNames(values, prefix: "", into: &result)
        return result
    }

    private static func collectNames(_ object: JSONObject, prefix: String, into result: inout [String]) {
        for (key, value) in object {
            let name = prefix.isEmpty ? key : prefix + "." + key
            result.append(name)
            if case .object(let nested) = value { collectNames(nested, prefix: name, into: &result) }
        }
    }

    /// Every leaf param by its dotted name, in order: what a selector or an error message sees.
    public var flattened: [(name: String, value: JSONValue)] {
        var result: [(String, JSONValue)] = []
        Self.flatten(values, prefix: "", into: &result)
        return result
    }

    private static func flatten(_ object: JSONObject, prefix: String, into result: inout [(String, JSONValue)]) {
        for (key, value) in object {
            let name = prefix.isEmpty ? key : prefix + "." + key
            if case .object(let nested) = value, !nested.isEmpty {
                flatten(nested, prefix: name, into: &result)
            } else {
                result.append((name, value))
            }
        }
    }

    /// The scalar params as labels, for post-selectors: strings as they are,
    /// numbers and booleans in their YAML spelling.
    public var selectorLabels: [String: String] {
        var labels: [String: String] = [:]
        for (name, value) in flattened {
            switch value {
            case .string, .int, .double, .bool: labels[name] = value.scalarText
            default: continue
            }
        }
        return labels
    }

    /// A short `key=value, …` summary for messages.
    public var summary: String {
        let shown = flattened.prefix(6).map { "\($0.name)=\($0.value.scalarText)" }
        let more = flattened.count > 6 ? ", …" : ""
        return shown.joined(separator: ", ") + more
    }
}
