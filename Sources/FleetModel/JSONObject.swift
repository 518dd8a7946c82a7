/// A JSON object that keeps its keys in insertion order.
///
/// Members live in one array; objects past a few keys also keep a hash index,
/// so small objects (most of a Kubernetes document) cost one allocation and a
/// short scan, and large ones (a big ConfigMap) still look keys up in O(1).
/// Equality ignores order, as Kubernetes does: two objects are equal when they
/// hold the same keys with equal values.
public struct JSONObject: Sendable {
    private var entries: [(key: String, value: JSONValue)]
    private var index: [String: Int]?
    private static let indexThreshold = 12

    /// An empty object.
    public init() {
        entries = []
    }

    /// An object from key–value pairs; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        entries.reserveCapacity(pairs.underestimatedCount)
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of members.
    public var count: Int { entries.count }

    /// True when the object has no members.
    public var isEmpty: Bool { entries.isEmpty }

    /// The keys, in the order they were first set.
    public var keys: [String] { entries.map(\.key) }

    /// The values in key order.
    public var values: [JSONValue] { entries.map(\.value) }

    /// The members in order.
    public var members: [(key: String, value: JSONValue)] { entries }

    /// The value for `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return entries[position].value
        }
        set {
            switch (position(of: key), newValue) {
            case (let position?, let value?):
                entries[position].value = value
            case (nil, let value?):
                entries.append((key, value))
                if index != nil {
                    index?[key] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    buildIndex()
                }
            case (let position?, nil):
                entries.remove(at: position)
                if index != nil { buildIndex() }
            case (nil, nil):
                break
            }
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    private mutating func buildIndex() {
        var built: [String: Int] = [:]
        built.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() { built[entry.key] = position }
        index = built
    }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }

    /// Hashes the members independently of their order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for entry in entries {
            var member = Hasher()
            member.combine(entry.key)
            member.combine(entry.value)
            combined ^= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from a literal, keeping the literal's key order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        entries.makeIterator()
    }
}
