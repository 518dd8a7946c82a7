/// Typed, located access to a document's fields: every mistake becomes an
/// error naming file, line, column and field path.
public struct FieldReader: Sendable {
    /// The value at `path`.
    public let value: JSONValue
    /// Where `value` sits in its document.
    public let path: JSONPath
    /// The document's source map.
    public let sourceMap: SourceMap

    /// A reader over `value` found at `path` of the document described by `sourceMap`.
    public init(value: JSONValue, path: JSONPath, sourceMap: SourceMap) {
        self.value = value
        self.path = path
        self.sourceMap = sourceMap
    }

    /// Where this value was written.
    public var location: SourceLocation { sourceMap.location(of: path) }

    /// An error about this value.
    public func error(_ message: String) -> FleetModelError {
        .invalidField(location, path: path, message: message)
    }

    /// The member `key`, or nil when absent or null.
    public func optional(_ key: String) throws(FleetModelError) -> FieldReader? {
        let object = try self.object()
        guard let member = object[key], !member.isNull else { return nil }
        return FieldReader(value: member, path: path.appending(key), sourceMap: sourceMap)
    }

    /// The member `key`; an error when absent. When a key of the map is within two edits of
    /// `key` (`destinaton:`), the error is about that key — a misspelling, not an omission.
    public func required(_ key: String) throws(FleetModelError) -> FieldReader {
        guard let member = try optional(key) else {
            let near = try object().keys.filter { $0 != key && EditDistance.between($0, key) <= 2 }
            if let misspelled = near.min(by: { EditDistance.between($0, key) < EditDistance.between($1, key) }) {
                throw .invalidField(
                    sourceMap.location(of: path.appending(misspelled)), path: path.appending(misspelled),
                    message: "unknown field; did you mean \"\(key)\"? (\(path.appending(key)) is required)")
            }
            throw .invalidField(location, path: path.appending(key), message: "is required")
        }
        return member
    }

    /// This value as a map.
    public func object() throws(FleetModelError) -> JSONObject {
        guard case .object(let object) = value else { throw error("must be a map, not a \(value.typeName)") }
        return object
    }

    /// This value as a string.
    public func string() throws(FleetModelError) -> String {
        guard case .string(let text) = value else { throw error("must be a string, not a \(value.typeName)") }
        return text
    }

    /// This value as a non-empty string.
    public func nonEmptyString() throws(FleetModelError) -> String {
        let text = try string()
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    /// This value as a boolean.
    public func bool() throws(FleetModelError) -> Bool {
        guard case .bool(let flag) = value else { throw error("must be true or false, not a \(value.typeName)") }
        return flag
    }

    /// This value as an integer.
    public func int() throws(FleetModelError) -> Int {
        guard case .int(let number) = value else { throw error("must be an integer, not a \(value.typeName)") }
        return number
    }

    /// This value as a list of readers, one per element.
    public func elements() throws(FleetModelError) -> [FieldReader] {
        guard case .array(let items) = value else { throw error("must be a list, not a \(value.typeName)") }
        return items.enumerated().map { FieldReader(value: $1, path: path.appending($0), sourceMap: sourceMap) }
    }

    /// This value as a list of strings.
    public func strings() throws(FleetModelError) -> [String] {
        var result: [String] = []
        for element in try elements() { result.append(try element.string()) }
        return result
    }

    /// This value as a map of strings (labels, annotations).
    public func stringMap() throws(FleetModelError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, member) in try object() {
            let reader = FieldReader(value: member, path: path.appending(key), sourceMap: sourceMap)
            result[key] = try reader.string()
        }
        return result
    }

    /// A reader for each member of this map, in order.
    public func members() throws(FleetModelError) -> [(key: String, reader: FieldReader)] {
        try object().map { ($0.key, FieldReader(value: $0.value, path: path.appending($0.key), sourceMap: sourceMap)) }
    }

    /// Fails when the map holds a key outside `allowed`, naming it.
    public func rejectUnknownKeys(_ allowed: Set<String>) throws(FleetModelError) {
        for key in try object().keys where !allowed.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw .invalidField(
                sourceMap.location(of: path.appending(key)), path: path.appending(key),
                message: "unknown field (expected one of: \(known))")
        }
    }
}
