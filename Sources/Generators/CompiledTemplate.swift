import FleetModel

/// A template parsed once and rendered for many param sets.
///
/// Subtrees without placeholders are kept as constants, so rendering copies
/// them without walking them. Substituted values are never scanned again:
/// a param whose value contains `<<x>>` inserts that text as it is.
struct CompiledTemplate: Sendable {
    /// Where a templated string came from, for error messages.
    struct Origin: Sendable {
        let sourceMap: SourceMap
        let path: JSONPath
        var location: SourceLocation { sourceMap.location(of: path) }
    }

    indirect enum Node: Sendable {
        case constant(JSONValue)
        case text(TemplateText, Origin)
        case array([Node])
        case object([(key: Key, value: Node)])
    }

    enum Key: Sendable {
        case constant(String)
        case text(TemplateText, Origin)
    }

    let root: Node

    /// Parses every string (values and keys) under `reader`.
    init(compiling reader: FieldReader) {
        root = Self.compile(reader.value, path: reader.path, sourceMap: reader.sourceMap)
    }

    private init(root: Node) {
        self.root = root
    }

    private static func compile(_ value: JSONValue, path: JSONPath, sourceMap: SourceMap) -> Node {
        switch value {
        case .string(let text):
            let parsed = TemplateText.parse(text)
            return parsed.isLiteral ? .constant(value) : .text(parsed, Origin(sourceMap: sourceMap, path: path))
        case .array(let elements):
            var nodes: [Node] = []
            for (index, element) in elements.enumerated() {
                nodes.append(compile(element, path: path.appending(index), sourceMap: sourceMap))
            }
            return nodes.allSatisfy(\.isConstant) ? .constant(value) : .array(nodes)
        case .object(let object):
            var members: [(key: Key, value: Node)] = []
            var constant = true
            for (key, member) in object {
                let origin = Origin(sourceMap: sourceMap, path: path.appending(key))
                let parsedKey = TemplateText.parse(key)
                let node = compile(member, path: origin.path, sourceMap: sourceMap)
                constant = constant && parsedKey.isLiteral && node.isConstant
                members.append((parsedKey.isLiteral ? .constant(key) : .text(parsedKey, origin), node))
            }
            return constant ? .constant(value) : .object(members)
        default:
            return .constant(value)
        }
    }

    /// This template with `override` laid over it: maps merge key by key, anything else is replaced.
    func merging(_ override: CompiledTemplate) -> CompiledTemplate {
        CompiledTemplate(root: Self.merge(root, override.root))
    }

    private static func merge(_ base: Node, _ override: Node) -> Node {
        guard let baseMembers = base.members, let overrideMembers = override.members else { return override }
        var merged = baseMembers
        for member in overrideMembers {
            if case .constant(let key) = member.key,
                let index = merged.firstIndex(where: { if case .constant(key) = $0.key { true } else { false } })
            {
                merged[index].value = merge(merged[index].value, member.value)
            } else {
                merged.append(member)
            }
        }
        return .object(merged)
    }
}

extension CompiledTemplate.Node {
    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }

    /// The members of a map node (a constant map is opened up).
    var members: [(key: CompiledTemplate.Key, value: CompiledTemplate.Node)]? {
        switch self {
        case .object(let members): return members
        case .constant(.object(let object)): return object.map { (.constant($0.key), .constant($0.value)) }
        default: return nil
        }
    }
}
