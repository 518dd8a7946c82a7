import Foundation
import Yams

/// Reads YAML streams into `JSONValue` documents with a source map.
///
/// Scalars are typed the way `kubectl` reads YAML (YAML 1.1 booleans such as
/// `yes`, integers, floats, `null`); quoted scalars are always strings.
/// Anchors, aliases and merge keys (`<<: *base`) are resolved.
public enum YAMLLoader {
    /// Loads every non-empty document of the file at `url`; `displayPath` names it in errors.
    public static func load(contentsOf url: URL, displayPath: String) throws(FleetModelError) -> [YAMLDocument] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: displayPath, reason: Self.reason(error))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: displayPath, reason: "the file is not UTF-8 text")
        }
        return try load(text, file: displayPath)
    }

    /// Loads every non-empty document of `text`; `file` names it in errors and locations.
    public static func load(_ text: String, file: String) throws(FleetModelError) -> [YAMLDocument] {
        var documents: [YAMLDocument] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
            var budget = nodeBudget(forBytes: text.utf8.count)
            while let root = try parser.nextRoot() {
                var converter = NodeConverter(sourceMap: SourceMap(file: file), budget: budget)
                let value = try converter.convert(root, at: .root)
                budget = converter.budget
                if value.isNull { continue }
                documents.append(YAMLDocument(value: value, sourceMap: converter.sourceMap, index: documents.count))
            }
        } catch let error as FleetModelError {
            throw error
        } catch let error as YamlError {
            throw Self.translate(error, file: file)
        } catch {
            throw .yaml(SourceLocation(file: file), problem: "\(error)")
        }
        return documents
    }

    /// How many nodes a text of `bytes` may expand to. Without aliases a node takes at least
    /// a byte of text, so this leaves room for anchors and merge keys while an alias bomb (a
    /// few hundred bytes that expand to billions of nodes) is stopped at once.
    static func nodeBudget(forBytes bytes: Int) -> Int {
        max(100_000, bytes * 2)
    }

    private static func translate(_ error: YamlError, file: String) -> FleetModelError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let location = SourceLocation(file: file, line: mark.line, column: mark.column)
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return .yaml(location, problem: detail)
        case .reader(let problem, _, _, _):
            return .yaml(SourceLocation(file: file), problem: problem)
        default:
            return .yaml(SourceLocation(file: file), problem: "\(error)")
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}

/// Turns a Yams node tree into `JSONValue`, recording every node's mark.
private struct NodeConverter {
    var sourceMap: SourceMap
    /// Nodes still allowed: aliases are expanded, and a hostile file must not make that unbounded.
    var budget: Int

    mutating func convert(_ node: Node, at path: JSONPath) throws(FleetModelError) -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw .yaml(
                location(of: node.mark),
                problem: "the file expands to too many nodes (aliases that repeat aliases?); refusing to read further")
        }
        if let mark = node.mark {
            sourceMap.record(path, line: mark.line, column: mark.column)
        }
        switch node {
        case .scalar(let scalar):
            return ScalarResolver.resolve(scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            elements.reserveCapacity(sequence.count)
            for (index, element) in sequence.enumerated() {
                elements.append(try convert(element, at: path.appending(index)))
            }
            return .array(elements)
        case .mapping(let mapping):
            return .object(try convertMapping(mapping, at: path))
        case .alias(let alias):
            throw .yaml(location(of: alias.mark), problem: "unresolved alias")
        }
    }

    private mutating func convertMapping(
        _ mapping: Node.Mapping, at path: JSONPath
    ) throws(FleetModelError)
        -> JSONObject
    {
        var object = JSONObject()
        var merged = JSONObject()
        for (keyNode, valueNode) in mapping {
            let key = try keyText(keyNode)
            if case .scalar(let scalar) = keyNode, scalar.style == .plain, key == "<<" {
                try mergeSources(valueNode).forEach { source in
                    for (mergedKey, mergedValue) in source where merged[mergedKey] == nil {
                        merged[mergedKey] = mergedValue
                    }
                }
                continue
            }
            object[key] = try convert(valueNode, at: path.appending(key))
        }
        for (key, value) in merged where object[key] == nil {
            object[key] = value
        }
        return object
    }

    /// The maps a merge key pulls in: one map, or a list of maps (earlier ones win).
    private mutating func mergeSources(_ node: Node) throws(FleetModelError) -> [JSONObject] {
        var scratch = NodeConverter(sourceMap: sourceMap, budget: budget)
        let converted = try scratch.convert(node, at: .root)
        budget = scratch.budget
        switch converted {
        case .object(let object):
            return [object]
        case .array(let elements):
            var objects: [JSONObject] = []
            for element in elements {
                guard case .object(let object) = element else {
                    throw .yaml(location(of: node.mark), problem: "a merge key (<<) takes a map or a list of maps")
                }
                objects.append(object)
            }
            return objects
        default:
            throw .yaml(location(of: node.mark), problem: "a merge key (<<) takes a map or a list of maps")
        }
    }

    private func keyText(_ node: Node) throws(FleetModelError) -> String {
        guard case .scalar(let scalar) = node else {
            throw .yaml(location(of: node.mark), problem: "a map key must be a scalar, not a list or map")
        }
        return scalar.string
    }

    private func location(of mark: Yams.Mark?) -> SourceLocation {
        SourceLocation(file: sourceMap.file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }
}
