import FleetModel
import Foundation

extension SandboxCluster {
    func patch(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        guard let key = target.key, let name = target.name else { throw APIStatus.methodNotAllowed(request.method) }
        try RequestOptions.patch.check(request)
        switch request.contentType {
        case "application/apply-patch+yaml":
            return try apply(request, target, key: key, name: name)
        case "application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json":
            break
        default:
            throw APIStatus.unsupportedMediaType
        }
        if request.contentType == "application/strategic-merge-patch+json", !catalog.isBuiltIn(target.resource) {
            throw APIStatus.unsupportedMediaType
        }
        guard let live = store.object(key) else { throw APIStatus.notFound(target.resource, name) }
        let patch = try request.decodedBody()
        var base = live
        if target.subresource == "scale" { base = scale(of: live, target.resource) }
        var patched: JSONValue
        switch request.contentType {
        case "application/json-patch+json":
            patched = try JSONPatch.apply(patch, to: base)
        case "application/strategic-merge-patch+json":
            patched = StrategicMerge.apply(patch, to: base, catalog.mergeSchema(of: target.resource))
        default:
            patched = MergePatch.apply(patch, to: base)
        }
        if let version = patched.metadata("resourceVersion")?.stringValue, !version.isEmpty,
            version != live.metadata("resourceVersion")?.stringValue
        {
            throw APIStatus.conflict(target.resource, name)
        }
        if target.subresource == "scale" {
            var updated = live
            updated.set(["spec", "replicas"], patched.value(at: ["spec", "replicas"]))
            patched = updated
        } else if target.subresource == "status" {
            var updated = live
            updated.set(["status"], patched["status"])
            patched = updated
        } else if target.resource.subresources.contains("status") {
            patched.set(["status"], live["status"])
        }
        try checkIdentity(
            of: &patched, Target(resource: target.resource, namespace: target.namespace, name: name, subresource: nil),
            name: name)
        let warnings = try conform(&patched, target, name: name, validation: FieldValidation(request))
        try Validation.check(patched, target.resource, name: name)
        let statusTarget = Target(
            resource: target.resource, namespace: target.namespace, name: name,
            subresource: target.subresource == "status" ? "status" : nil)
        let admitted = try admit(
            patched, previous: live, statusTarget, manager: request.fieldManager ?? "unknown", operation: .update)
        let response = try commit(admitted, key: key, target, previous: live, dryRun: request.isDryRun)
        if target.subresource == "scale", let stored = store.object(key) {
            return .json(scale(of: stored, target.resource), status: response.status)
        }
        return response.warning(warnings)
    }
}

/// RFC 7386 JSON merge patch.
enum MergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in changes {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}

/// RFC 6902 JSON patch: add, remove, replace, move, copy, test.
enum JSONPatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) throws(APIStatus) -> JSONValue {
        guard case .array(let operations) = patch else { throw invalid("the JSON patch must be a list of operations") }
        var document = target
        for operation in operations {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
                throw invalid("every operation needs op and path")
            }
            let pointer = try parse(path)
            switch op {
            case "add": document = try set(document, pointer, operation["value"] ?? .null, insert: true)
            case "replace":
                guard value(document, pointer) != nil else {
                    throw invalid("replace operation does not apply: doc is missing key: \(path)")
                }
                document = try set(document, pointer, operation["value"] ?? .null, insert: false)
            case "remove":
                guard value(document, pointer) != nil else {
                    throw invalid("remove operation does not apply: doc is missing path: \(path)")
                }
                document = try remove(document, pointer)
            case "test":
                guard value(document, pointer) == operation["value"] else {
                    throw invalid("testing value \(path) failed")
                }
            case "move", "copy":
                guard let from = operation["from"]?.stringValue, let moved = value(document, try parse(from)) else {
                    throw invalid("\(op) operation does not apply: doc is missing from path")
                }
                if op == "move" { document = try remove(document, try parse(from)) }
                document = try set(document, pointer, moved, insert: true)
            default:
                throw invalid("unknown patch operation \(op)")
            }
        }
        return document
    }

    private static func invalid(_ message: String) -> APIStatus {
        APIStatus(code: 422, reason: "Invalid", message: message, details: [:])
    }

    private static func parse(_ path: String) throws(APIStatus) -> [String] {
        guard path.isEmpty || path.hasPrefix("/") else { throw invalid("invalid JSON pointer \(path)") }
        return path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func value(_ document: JSONValue, _ pointer: [String]) -> JSONValue? {
        var current: JSONValue? = document
        for token in pointer {
            switch current {
            case .object(let object)?: current = object[token]
            case .array(let items)?: current = Int(token).flatMap { items.indices.contains($0) ? items[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    private static func set(
        _ document: JSONValue, _ pointer: [String], _ newValue: JSONValue, insert: Bool
    ) throws(APIStatus)
        -> JSONValue
    {
        guard let token = pointer.first else { return newValue }
        let rest = Array(pointer.dropFirst())
        switch document {
        case .object(var object):
            if rest.isEmpty {
                object[token] = newValue
            } else {
                guard let child = object[token] else {
                    throw invalid("doc is missing path: /\(pointer.joined(separator: "/"))")
                }
                object[token] = try set(child, rest, newValue, insert: insert)
            }
            return .object(object)
        case .array(var items):
            let index = token == "-" ? items.count : Int(token) ?? -1
            if rest.isEmpty {
                if insert, index >= 0, index <= items.count {
                    items.insert(newValue, at: index)
                } else if !insert, items.indices.contains(index) {
                    items[index] = newValue
                } else {
                    throw invalid("index out of range: \(token)")
                }
            } else {
                guard items.indices.contains(index) else { throw invalid("index out of range: \(token)") }
                items[index] = try set(items[index], rest, newValue, insert: insert)
            }
            return .array(items)
        default:
            throw invalid("doc is missing path: /\(pointer.joined(separator: "/"))")
        }
    }

    private static func remove(_ document: JSONValue, _ pointer: [String]) throws(APIStatus) -> JSONValue {
        guard let token = pointer.first else { return .null }
        let rest = Array(pointer.dropFirst())
        switch document {
        case .object(var object):
            object[token] = rest.isEmpty ? nil : try remove(object[token] ?? .null, rest)
            return .object(object)
        case .array(var items):
            guard let index = Int(token), items.indices.contains(index) else {
                throw invalid("index out of range: \(token)")
            }
            if rest.isEmpty { items.remove(at: index) } else { items[index] = try remove(items[index], rest) }
            return .array(items)
        default:
            throw invalid("doc is missing path")
        }
    }
}
