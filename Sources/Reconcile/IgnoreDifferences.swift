import FleetModel

/// An Application's `ignoreDifferences`: fields left out when judging drift, for the
/// objects a rule selects (by group, kind, and optionally name and namespace).
public struct IgnoreRule: Sendable, Equatable {
    /// The API group (empty for core).
    public var group: String
    /// The kind.
    public var kind: String
    /// Only this object, when set.
    public var name: String?
    /// Only in this namespace, when set.
    public var namespace: String?
    /// Paths to leave out, as key lists: from `jsonPointers` and simple `jqPathExpressions`.
    public var paths: [[String]]
    /// Fields owned by these managers are left out (`managedFieldsManagers`).
    public var managers: [String]

    /// Whether the rule applies to `key`.
    func selects(_ key: ResourceKey) -> Bool {
        (group == "*" || group == key.group) && (kind == "*" || kind == key.kind)
            && (name.map { $0 == key.name } ?? true) && (namespace.map { $0 == key.namespace } ?? true)
    }

    /// The rules of an Application document's `spec.ignoreDifferences`.
    public static func rules(of application: JSONValue) throws(ReconcileError) -> [IgnoreRule] {
        var rules: [IgnoreRule] = []
        for (index, rule) in (application["spec"]?["ignoreDifferences"]?.arrayValue ?? []).enumerated() {
            let field = "spec.ignoreDifferences[\(index)]"
            var paths: [[String]] = []
            for pointer in rule["jsonPointers"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                paths.append(try JSONPointer.keys(pointer, field: field + ".jsonPointers"))
            }
            for expression in rule["jqPathExpressions"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                paths.append(try JQPath.keys(expression, field: field + ".jqPathExpressions"))
            }
            rules.append(
                IgnoreRule(
                    group: rule["group"]?.stringValue ?? "", kind: rule["kind"]?.stringValue ?? "*",
                    name: rule["name"]?.stringValue, namespace: rule["namespace"]?.stringValue, paths: paths,
                    managers: rule["managedFieldsManagers"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        return rules
    }
}

/// RFC 6901 pointers as key lists: `/spec/replicas` → `["spec", "replicas"]`.
enum JSONPointer {
    static func keys(_ pointer: String, field: String) throws(ReconcileError) -> [String] {
        guard pointer.hasPrefix("/") else { throw ReconcileError("\(field): \"\(pointer)\" is not a JSON pointer") }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}

/// jq paths limited to plain steps: `.spec.replicas`, `.spec.containers[0].image`, `.metadata.annotations["a/b"]`.
enum JQPath {
    static func keys(_ expression: String, field: String) throws(ReconcileError) -> [String] {
        var keys: [String] = []
        var rest = Substring(expression.trimmingCharacters(in: .whitespaces))
        func unsupported() -> ReconcileError {
            ReconcileError("\(field): \"\(expression)\" is not a simple path (only .a.b, [0] and [\"key\"] steps)")
        }
        guard rest.hasPrefix(".") else { throw unsupported() }
        while !rest.isEmpty {
            if rest.hasPrefix("[\"") {
                guard let end = rest.range(of: "\"]") else { throw unsupported() }
                keys.append(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]))
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("[") {
                guard let end = rest.firstIndex(of: "]") else { throw unsupported() }
                let index = rest[rest.index(after: rest.startIndex)..<end]
                guard Int(index) != nil else { throw unsupported() }
                keys.append(String(index))
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                if name.isEmpty, rest.hasPrefix("[") { continue }
                guard !name.isEmpty else { throw unsupported() }
                keys.append(String(name))
                rest = rest.dropFirst(name.count)
            } else {
                throw unsupported()
            }
        }
        return keys
    }
}
