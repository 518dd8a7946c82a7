import FleetModel

extension JSONValue {
    /// `metadata.<key>`.
    func metadata(_ key: String) -> JSONValue? {
        self["metadata"]?[key]
    }

    /// Sets `metadata.<key>` (nil removes it), making `metadata` when missing.
    mutating func setMetadata(_ key: String, _ value: JSONValue?) {
        guard case .object(var object) = self else { return }
        var metadata = object["metadata"]?.objectValue ?? JSONObject()
        metadata[key] = value
        object["metadata"] = .object(metadata)
        self = .object(object)
    }

    /// The value at `path` of map keys, or nil.
    func value(at path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    /// Sets the value at `path` of map keys, making maps on the way; nil removes it.
    mutating func set(_ path: [String], _ value: JSONValue?) {
        guard let first = path.first else {
            if let value { self = value }
            return
        }
        var object = objectValue ?? JSONObject()
        if path.count == 1 {
            object[first] = value
        } else {
            var child = object[first] ?? .object(JSONObject())
            child.set(Array(path.dropFirst()), value)
            object[first] = child
        }
        self = .object(object)
    }

    /// Sets `value` at `path` only when nothing is there: how API servers default fields.
    mutating func setDefault(_ path: [String], _ value: JSONValue) {
        if self.value(at: path) == nil || self.value(at: path) == .null { set(path, value) }
    }

    /// Labels as a string map.
    var labels: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in metadata("labels")?.objectValue ?? JSONObject() {
            result[key] = value.stringValue ?? value.scalarText
        }
        return result
    }
}
