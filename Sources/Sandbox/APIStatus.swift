import FleetModel

/// A Kubernetes `Status` error body with its HTTP code, as a real API server writes it.
struct APIStatus: Error, Sendable {
    let code: Int
    let reason: String
    let message: String
    let details: JSONValue?

    var body: JSONValue {
        var object: JSONObject = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "message": .string(message),
        ]
        if !reason.isEmpty { object["reason"] = .string(reason) }
        if let details { object["details"] = details }
        object["code"] = .int(code)
        return .object(object)
    }

    static func details(name: String?, group: String, kind: String, causes: [JSONValue] = []) -> JSONValue {
        var object = JSONObject()
        if let name { object["name"] = .string(name) }
        if !group.isEmpty { object["group"] = .string(group) }
        object["kind"] = .string(kind)
        if !causes.isEmpty { object["causes"] = .array(causes) }
        return .object(object)
    }

    static func notFound(_ resource: APIResource, _ name: String) -> APIStatus {
        APIStatus(
            code: 404, reason: "NotFound", message: "\(resource.qualifiedPlural) \"\(name)\" not found",
            details: details(name: name, group: resource.group, kind: resource.plural))
    }

    static func namespaceNotFound(_ namespace: String) -> APIStatus {
        APIStatus(
            code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found",
            details: details(name: namespace, group: "", kind: "namespaces"))
    }

    static func alreadyExists(_ resource: APIResource, _ name: String) -> APIStatus {
        APIStatus(
            code: 409, reason: "AlreadyExists", message: "\(resource.qualifiedPlural) \"\(name)\" already exists",
            details: details(name: name, group: resource.group, kind: resource.plural))
    }

    static func conflict(_ resource: APIResource, _ name: String) -> APIStatus {
        APIStatus(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(resource.qualifiedPlural) \"\(name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again",
            details: details(name: name, group: resource.group, kind: resource.plural))
    }

    static func invalid(
        _ resource: APIResource, _ name: String, causes: [(reason: String, field: String, message: String)]
    )
        -> APIStatus
    {
        let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        let causeValues = causes.map { cause -> JSONValue in
            ["reason": .string(cause.reason), "message": .string(cause.message), "field": .string(cause.field)]
        }
        let list = causes.count == 1 ? summary : "[\(summary)]"
        return APIStatus(
            code: 422, reason: "Invalid", message: "\(resource.qualifiedKind) \"\(name)\" is invalid: \(list)",
            details: details(name: name, group: resource.group, kind: resource.kind, causes: causeValues))
    }

    static func forbidden(
        user: String, verb: String, resource: APIResource?, name: String?, namespace: String?
    )
        -> APIStatus
    {
        let what = resource.map { "resource \"\($0.plural)\" in API group \"\($0.group)\"" } ?? "path"
        let scope = namespace.map { " in the namespace \"\($0)\"" } ?? (resource == nil ? "" : " at the cluster scope")
        let target = name.map { "\($0) \"\(resource?.qualifiedPlural ?? "")\" " } ?? ""
        let subject = resource.map { "\($0.qualifiedPlural)\(name.map { " \"\($0)\"" } ?? "")" } ?? target
        return APIStatus(
            code: 403, reason: "Forbidden",
            message: "\(subject) is forbidden: User \"\(user)\" cannot \(verb) \(what)\(scope)",
            details: resource.map { details(name: name, group: $0.group, kind: $0.plural) })
    }

    static let unauthorized = APIStatus(code: 401, reason: "Unauthorized", message: "Unauthorized", details: nil)

    static func badRequest(_ message: String) -> APIStatus {
        APIStatus(code: 400, reason: "BadRequest", message: message, details: nil)
    }

    static func methodNotAllowed(_ method: String) -> APIStatus {
        APIStatus(
            code: 405, reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource",
            details: nil)
    }

    static let unsupportedMediaType = APIStatus(
        code: 415, reason: "UnsupportedMediaType", message: "415: Unsupported Media Type", details: [:])

    static let resourceNotFound = APIStatus(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: [:])

    static func internalError(_ message: String) -> APIStatus {
        APIStatus(code: 500, reason: "InternalError", message: message, details: nil)
    }

    /// A 500 without a reason, as the API server answers an apply it cannot turn into a typed patch.
    static func unreasoned(_ message: String) -> APIStatus {
        APIStatus(code: 500, reason: "", message: message, details: nil)
    }
}
