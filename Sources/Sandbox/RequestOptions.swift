import FleetModel

/// The options object a verb's query (or a DELETE body) decodes into, held to the values the
/// API server accepts: `dryRun` only `All`, `fieldValidation` `Ignore`, `Warn` or `Strict`,
/// `propagationPolicy` `Foreground`, `Background` or `Orphan`. An unsupported value is a 422
/// on `CreateOptions.meta.k8s.io ""` (or Update, Patch, Delete), worded as the server's
/// `field.NotSupported` words it.
enum RequestOptions: String {
    case create = "CreateOptions"
    case update = "UpdateOptions"
    case patch = "PatchOptions"
    case delete = "DeleteOptions"

    func check(_ request: APIRequest, propagationPolicy: String? = nil) throws(APIStatus) {
        var causes: [Validation.Cause] = []
        if let dryRun = request.query["dryRun"], dryRun != "All" {
            causes.append(Self.unsupported("dryRun", .array([.string(dryRun)]), supported: ["All"]))
        }
        if self != .delete, let value = request.query["fieldValidation"], FieldValidation(rawValue: value) == nil,
            !value.isEmpty
        {
            causes.append(
                Self.unsupported("fieldValidation", .string(value), supported: ["", "Ignore", "Strict", "Warn"]))
        }
        if self == .delete, let policy = propagationPolicy, !["Foreground", "Background", "Orphan"].contains(policy) {
            causes.append(
                Self.unsupported(
                    "propagationPolicy", .string(policy), supported: ["Foreground", "Background", "Orphan", "nil"]))
        }
        guard !causes.isEmpty else { return }
        let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        throw APIStatus(
            code: 422, reason: "Invalid",
            message: "\(rawValue).meta.k8s.io \"\" is invalid: \(causes.count == 1 ? summary : "[\(summary)]")",
            details: APIStatus.details(
                name: "", group: "meta.k8s.io", kind: rawValue,
                causes: causes.map {
                    ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]
                }))
    }

    private static func unsupported(_ field: String, _ value: JSONValue, supported: [String]) -> Validation.Cause {
        let values = supported.map { JSONWriter.compact(.string($0)) }.joined(separator: ", ")
        return (
            "FieldValueNotSupported", field,
            "Unsupported value: \(JSONWriter.compact(value)): supported values: \(values)"
        )
    }
}
