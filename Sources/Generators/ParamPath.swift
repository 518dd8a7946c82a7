import FleetModel

/// A dotted param name (`metadata.labels.app.kubernetes.io/name`) split once, with
/// every run of its segments joined in advance, so a lookup allocates nothing.
public struct ParamPath: Sendable, Hashable {
    /// The name as written, trimmed.
    public let name: String
    /// `runs[i]`: the keys that start at segment `i`, longest first.
    private let runs: [[String]]

    /// The path of `name`.
    public init(_ name: String) {
        self.name = name
        let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        runs = segments.indices.map { start in
            stride(from: segments.endIndex, to: start, by: -1).map { end in
                segments[start..<end].joined(separator: ".")
            }
        }
    }

    /// The value this path names in `object`: at each level the longest run of
    /// segments that is a key wins, falling back to shorter ones.
    func resolve(in object: JSONObject, from start: Int = 0) -> JSONValue? {
        for (offset, key) in runs[start].enumerated() {
            guard let value = object[key] else { continue }
            let end = runs.count - offset
            if end == runs.count { return value }
            if case .object(let nested) = value, let found = resolve(in: nested, from: end) { return found }
        }
        return nil
    }
}
