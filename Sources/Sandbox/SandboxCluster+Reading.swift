import FleetModel

extension SandboxCluster {
    func get(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        guard let key = target.key, var object = store.object(key) else {
            throw APIStatus.notFound(target.resource, target.name ?? "")
        }
        if target.subresource == "scale" { return .json(scale(of: object, target.resource)) }
        if TablePrinter.wantsTable(request) {
            return .json(TablePrinter.table([object], target.resource, resourceVersion: store.resourceVersion))
        }
        object.setIdentity(target.resource)
        return .json(object)
    }

    func list(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        var selector = LabelSelector.everything
        if let text = request.query["labelSelector"], !text.isEmpty {
            do {
                selector = try LabelSelector(parsing: text)
            } catch {
                throw APIStatus.badRequest("unable to parse requirement: \(error.localizedDescription)")
            }
        }
        let fields = try FieldSelector(request.query["fieldSelector"] ?? "")
        var items = store.list(target.resource, namespace: target.namespace).map(\.1).filter { object in
            selector.matches(object.labels) && fields.matches(object)
        }
        if TablePrinter.wantsTable(request) {
            return .json(TablePrinter.table(items, target.resource, resourceVersion: store.resourceVersion))
        }
        let isBuiltIn = catalog.isBuiltIn(target.resource)
        var metadata = JSONObject([("resourceVersion", .string(String(store.resourceVersion)))])
        if let text = request.query["continue"], let start = Int(text) { items = Array(items.dropFirst(start)) }
        if let text = request.query["limit"], let limit = Int(text), limit > 0, items.count > limit {
            let offset = Int(request.query["continue"] ?? "0") ?? 0
            metadata["continue"] = .string(String(offset + limit))
            if selector.isEmpty { metadata["remainingItemCount"] = .int(items.count - limit) }
            items = Array(items.prefix(limit))
        }
        let listed = items.map { object -> JSONValue in
            var object = object
            if isBuiltIn {
                object.set(["apiVersion"], nil)
                object.set(["kind"], nil)
            } else {
                object.setIdentity(target.resource)
            }
            return object
        }
        return .json(
            .object(
                JSONObject([
                    ("kind", .string("\(target.resource.kind)List")),
                    ("apiVersion", .string(target.resource.groupVersion)),
                    ("metadata", .object(metadata)), ("items", .array(listed)),
                ])))
    }

    /// The `autoscaling/v1` `Scale` of a Deployment, StatefulSet or ReplicaSet.
    func scale(of object: JSONValue, _ resource: APIResource) -> JSONValue {
        var metadata = JSONObject()
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = object.metadata(key) { metadata[key] = value }
        }
        let selector = (object.value(at: ["spec", "selector", "matchLabels"])?.objectValue ?? JSONObject())
            .map { "\($0.key)=\($0.value.scalarText)" }.joined(separator: ",")
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(metadata),
            "spec": ["replicas": object.value(at: ["spec", "replicas"]) ?? 0],
            "status": ["replicas": object.value(at: ["status", "replicas"]) ?? 0, "selector": .string(selector)],
        ]
    }
}

/// `fieldSelector` on `metadata.name` and `metadata.namespace` with `=`, `==` and `!=`.
struct FieldSelector {
    private var terms: [(field: String, value: String, equal: Bool)] = []

    init(_ text: String) throws(APIStatus) {
        for term in text.split(separator: ",") {
            let parts: [Substring]
            let equal: Bool
            if term.contains("!=") {
                parts = term.split(separator: "!=", maxSplits: 1, omittingEmptySubsequences: false).map {
                    Substring($0)
                }
                equal = false
            } else {
                let normalized = term.replacingOccurrences(of: "==", with: "=")
                parts = normalized.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                equal = true
            }
            guard parts.count == 2, ["metadata.name", "metadata.namespace"].contains(String(parts[0])) else {
                throw APIStatus.badRequest("field label not supported: \(parts.first ?? "")")
            }
            terms.append((String(parts[0]), String(parts[1]), equal))
        }
    }

    func matches(_ object: JSONValue) -> Bool {
        terms.allSatisfy { term in
            let key = term.field == "metadata.name" ? "name" : "namespace"
            let value = object.metadata(key)?.stringValue ?? ""
            return (value == term.value) == term.equal
        }
    }
}

extension JSONValue {
    /// Puts `apiVersion` and `kind` first, as the API server writes single objects.
    mutating func setIdentity(_ resource: APIResource) {
        guard case .object(let object) = self else { return }
        var ordered = JSONObject([("apiVersion", .string(resource.groupVersion)), ("kind", .string(resource.kind))])
        for (key, value) in object where key != "apiVersion" && key != "kind" { ordered[key] = value }
        self = .object(ordered)
    }
}
