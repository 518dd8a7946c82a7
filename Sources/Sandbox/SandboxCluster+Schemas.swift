import FleetModel

/// `fieldValidation`: what a write does with fields its kind's schema does not declare.
enum FieldValidation: String {
    /// Drop them silently.
    case ignore = "Ignore"
    /// Drop them and say so in `Warning: 299` headers (the server's default).
    case warn = "Warn"
    /// Refuse the write with 400 BadRequest (kubectl's default).
    case strict = "Strict"

    init(_ request: APIRequest) {
        self = request.query["fieldValidation"].flatMap(FieldValidation.init(rawValue:)) ?? .warn
    }
}

extension SandboxCluster {
    /// Holds a written object to its kind's schema: prunes undeclared fields (warning
    /// about them, or refusing them under `Strict`), fills custom resources' schema
    /// defaults, and refuses values of the wrong type with 422 Invalid.
    /// Returns the warnings the answer carries.
    func conform(
        _ object: inout JSONValue, _ target: Target, name: String, validation: FieldValidation
    ) throws(APIStatus) -> [String] {
        guard let schema = catalog.schema(of: target.resource) else { return [] }
        var admission = SchemaAdmission(checksTypes: !catalog.isBuiltIn(target.resource))
        let admitted = admission.admit(object, schema)
        if !admission.typeErrors.isEmpty {
            throw APIStatus.invalid(
                target.resource, name,
                causes: admission.typeErrors.map { ("FieldValueTypeInvalid", $0.field, $0.message) })
        }
        let warnings = admission.unknownFields.map { "unknown field \"\($0)\"" }
        switch validation {
        case .strict where !warnings.isEmpty:
            let kind = target.resource.kind
            throw APIStatus.badRequest(
                "\(kind) in version \"\(target.resource.version)\" cannot be handled as a \(kind): strict decoding error: "
                    + warnings.joined(separator: ", "))
        case .ignore:
            object = admitted
            return []
        default:
            object = admitted
            return warnings
        }
    }

    /// A server-side apply may only name declared fields, whatever `fieldValidation` says:
    /// the server cannot build a typed patch, and answers 500. Its message names the
    /// object by the namespace and name in the body.
    func requireDeclaredFields(_ applied: JSONValue, _ target: Target, name: String) throws(APIStatus) {
        guard let schema = catalog.schema(of: target.resource) else { return }
        var admission = SchemaAdmission(checksTypes: false)
        _ = admission.admit(applied, schema)
        guard !admission.unknownFields.isEmpty else { return }
        let resource = target.resource
        let namespace = applied.metadata("namespace")?.stringValue ?? ""
        throw APIStatus.unreasoned(
            "failed to create typed patch object (\(namespace)/\(name); \(resource.group)/\(resource.version), "
                + "Kind=\(resource.kind)): "
                + admission.unknownFields.map { ".\($0): field not declared in schema" }.joined(separator: ", "))
    }
}

extension APIResponse {
    /// The response with a `Warning: 299 - "…"` header per warning, as the API server sends them.
    func warning(_ warnings: [String]) -> APIResponse {
        var response = self
        for warning in warnings {
            let quoted = warning.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\"")
            response.headers.append(("Warning", "299 - \"\(quoted)\""))
        }
        return response
    }
}
