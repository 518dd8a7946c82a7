/// A JSON object that keeps its keys in insertion order.
///
/// Equality ignores order, as Kubernetes does: two objects are equal when they
/// hold the same keys with equal values.
public struct JSONObject: Sendable {
    /// The keys, in the order they were first set.
    public private(set) var keys: [String]
    private var storage: [String: JSONValue]

    /// An empty object.
    public init() {
        keys = []
        storage = [:]
    }

    /// An object from key–value pairs; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// True when the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The members in order.
    public var members: [(key: String, value: JSONValue)] {
        keys.map { ($0, storage[$0]!) }
    }

    /// The values in key order.
    public var values: [JSONValue] { keys.map { storage[$0]! } }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }
}

extension JSONObject: Sequence {
    /// Walks the members in key order.
    public struct Iterator: IteratorProtocol {
        private var keyIterator: IndexingIterator<[String]>
        private let storage: [String: JSONValue]

        fileprivate init(_ object: JSONObject) {
            keyIterator = object.keys.makeIterator()
            storage = object.storage
        }

        public mutating func next() -> (key: String, value: JSONValue)? {
            guard let key = keyIterator.next() else { return nil }
            return (key, storage[key]!)
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }
}
