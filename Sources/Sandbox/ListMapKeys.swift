import FleetModel

/// The key fields of a list-map (`x-kubernetes-list-map-keys`), with the schema default of
/// each, which stands in for a key an item leaves out (a port's `protocol: TCP`).
struct ListMapKeys: Sendable, Equatable {
    /// The key fields, sorted by name (the order `k:{…}` members are written in).
    let names: [String]
    /// Defaults of key fields, by name.
    let defaults: [String: JSONValue]

    init(_ keys: [(name: String, defaultValue: JSONValue?)]) {
        names = keys.map(\.name).sorted()
        defaults = Dictionary(keys.compactMap { key in key.defaultValue.map { (key.name, $0) } }) { first, _ in first }
    }

    /// The key of `item`, as a JSON object of its key fields; nil when it lacks one that has no default.
    func key(of item: JSONValue) -> JSONValue? {
        var pairs: [(String, JSONValue)] = []
        for name in names {
            guard let value = item[name] ?? defaults[name] else { return nil }
            pairs.append((name, value))
        }
        return .object(JSONObject(pairs))
    }

    /// `k:{"containerPort":80,"protocol":"TCP"}` for `item`.
    func member(of item: JSONValue) -> String? {
        key(of: item).map { "k:" + JSONWriter.compact($0) }
    }
}
