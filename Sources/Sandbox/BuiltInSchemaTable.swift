import FleetModel

/// The built-in kinds' schemas, as a real API server's OpenAPI documents give them: every
/// field (for unknown-field detection) and the structural-merge semantics server-side apply
/// uses. Parsed once, at first use, from the table `scripts/generate-schema-tables.py`
/// generates (`BuiltInSchemaTable+Text.swift`).
struct BuiltInSchemaTable: Sendable {
    /// The schema of each kind, by `apiVersion/kind` (`apps/v1/Deployment`, `v1/Pod`).
    let kinds: [String: StructuralSchema]

    /// The table the sandbox serves.
    static let shared = BuiltInSchemaTable(text: text)

    /// The schema of the built-in `kind` of `apiVersion`, nil for one the table lacks.
    static func schema(apiVersion: String, kind: String) -> StructuralSchema? {
        shared.kinds["\(apiVersion)/\(kind)"]
    }

    init(text: String) {
        var kindTypes: [(String, String)] = []
        var types: [String: (atomic: Bool, fields: [(String, Substring)])] = [:]
        var current: String?
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("kind "), words.count == 3 {
                kindTypes.append((String(words[1]), String(words[2])))
            } else if line.hasPrefix("type "), words.count >= 2 {
                current = String(words[1])
                types[String(words[1])] = (words.count == 3 && words[2] == "atomic", [])
            } else if let current, words.count == 2 {
                types[current]?.fields.append((String(words[0]), words[1]))
            }
        }
        var builder = Builder(types: types)
        kinds = Dictionary(kindTypes.map { ($0.0, builder.structure($0.1)) }) { first, _ in first }
    }

    /// Turns type definitions into schemas, each type once.
    private struct Builder {
        let types: [String: (atomic: Bool, fields: [(String, Substring)])]
        var built: [String: StructuralSchema] = [:]

        mutating func structure(_ name: String) -> StructuralSchema {
            if let schema = built[name] { return schema }
            guard let definition = types[name] else { return .anything }
            var properties: [String: StructuralSchema] = [:]
            for (field, shape) in definition.fields {
                var rest = shape
                properties[field] = parse(&rest)
            }
            var schema = StructuralSchema.object(properties)
            schema.isAtomic = definition.atomic
            built[name] = schema
            return schema
        }

        /// The schema a shape at the start of `text` describes; `text` is left after it.
        mutating func parse(_ text: inout Substring) -> StructuralSchema {
            guard let first = text.popFirst() else { return .anything }
            switch first {
            case "@":
                let name = text.prefix { $0 != "]" && $0 != "}" }
                text = text.dropFirst(name.count)
                return structure(String(name))
            case "{":
                let atomic = text.first == "!"
                if atomic { text.removeFirst() }
                var schema = StructuralSchema.map(parse(&text))
                schema.isAtomic = atomic
                if text.first == "}" { text.removeFirst() }
                return schema
            case "[":
                let header = text.prefix { $0 != ":" }
                text = text.dropFirst(header.count + 1)
                var schema = StructuralSchema.list(parse(&text), Self.semantics(header))
                if text.first == "]" { text.removeFirst() }
                let patch = header.split(separator: "|").dropFirst().first
                schema.patchMerges = patch != nil
                schema.patchMergeKey = patch.flatMap { $0.hasPrefix("p=") ? String($0.dropFirst(2)) : nil }
                return schema
            case "*":
                return .anything
            case "x":
                var schema = StructuralSchema.scalar
                schema.intOrString = true
                return schema
            default:
                let types: [Character: String] = ["s": "string", "i": "integer", "n": "number", "b": "boolean"]
                return StructuralSchema(type: types[first])
            }
        }

        /// `a`, `s` or `m=KEY("default"),KEY`, before any `|p…`.
        private static func semantics(_ header: Substring) -> ListSemantics {
            let kind = header.split(separator: "|").first ?? ""
            switch kind.first {
            case "s": return .set
            case "m":
                let keys = kind.dropFirst(2).split(separator: ",").map { key -> (String, JSONValue?) in
                    guard let open = key.firstIndex(of: "(") else { return (String(key), nil) }
                    let json = key[key.index(after: open)..<(key.lastIndex(of: ")") ?? key.endIndex)]
                    return (String(key[..<open]), try? JSONReader.parse(String(json)))
                }
                return .map(ListMapKeys(keys))
            default: return .atomic
            }
        }
    }
}
