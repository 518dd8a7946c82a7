import FleetModel

/// Per-object sync options, from the `argocd.argoproj.io/sync-options` annotation
/// (`Prune=false,Delete=false`) and the Application's `syncOptions`.
public struct SyncOptions: Sendable, Equatable {
    private var values: [String: String]

    /// Options from `Key=value` items.
    public init(_ items: [String]) {
        var values: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            values[parts[0]] = parts[1]
        }
        self.values = values
    }

    /// The options an object's annotation sets.
    public init(annotationOf object: JSONValue) {
        let text = object["metadata"]?["annotations"]?["argocd.argoproj.io/sync-options"]?.stringValue ?? ""
        self.init(text.split(separator: ",").map(String.init))
    }

    /// Whether `key` is set to `true`.
    public func isTrue(_ key: String) -> Bool { values[key]?.lowercased() == "true" }

    /// Whether `key` is set to `false`.
    public func isFalse(_ key: String) -> Bool { values[key]?.lowercased() == "false" }
}
