import FleetModel
import Foundation

extension SandboxCluster {
    func delete(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        guard let key = target.key, let name = target.name, target.subresource == nil else {
            throw APIStatus.methodNotAllowed(request.method)
        }
        guard var object = store.object(key) else { throw APIStatus.notFound(target.resource, name) }
        let policy = request.query["propagationPolicy"] ?? Self.propagationPolicy(request)
        if request.isDryRun { return .json(object.identified(target.resource)) }
        if target.resource.kind == "Namespace" {
            object.setMetadata("deletionTimestamp", .string(SandboxClock.timestamp(Date())))
            object.set(["status", "phase"], "Terminating")
            let version = store.nextResourceVersion()
            object.setMetadata("resourceVersion", .string(String(version)))
            store.put(key, object, type: "MODIFIED", version: version)
            statistics.writes += 1
            finishNamespaceDeletion(name)
            return .json(object.identified(target.resource))
        }
        var finalizers = object.metadata("finalizers")?.arrayValue ?? []
        if policy == "Foreground" || policy == "Orphan" {
            let finalizer: JSONValue = policy == "Foreground" ? "foregroundDeletion" : "orphan"
            if !finalizers.contains(finalizer) { finalizers.append(finalizer) }
        }
        if !finalizers.isEmpty, policy != "Foreground", policy != "Orphan" || !finalizers.allSatisfy({ $0 == "orphan" })
        {
            // Objects with finalizers stay, marked for deletion, until their finalizers are removed.
            if object.metadata("deletionTimestamp") == nil {
                object.setMetadata("deletionTimestamp", .string(SandboxClock.timestamp(Date())))
                object.setMetadata("deletionGracePeriodSeconds", 0)
                let version = store.nextResourceVersion()
                object.setMetadata("resourceVersion", .string(String(version)))
                store.put(key, object, type: "MODIFIED", version: version)
                statistics.writes += 1
            }
            return .json(object.identified(target.resource))
        }
        store.remove(key)
        statistics.writes += 1
        if target.resource.kind == "CustomResourceDefinition" { catalog.unregister(crd: object) }
        if policy == "Foreground" || policy == "Orphan" {
            object.setMetadata("finalizers", .array(finalizers))
            object.setMetadata("deletionTimestamp", .string(SandboxClock.timestamp(Date())))
            object.setMetadata("deletionGracePeriodSeconds", 0)
            return .json(object.identified(target.resource))
        }
        var details = JSONObject([("name", JSONValue.string(name))])
        if !target.resource.group.isEmpty { details["group"] = .string(target.resource.group) }
        details["kind"] = .string(target.resource.plural)
        details["uid"] = object.metadata("uid") ?? .null
        return .json([
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": .object(details),
        ])
    }

    func deleteCollection(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        let response = try list(request, target)
        guard !request.isDryRun else { return response }
        for (key, object) in store.list(target.resource, namespace: target.namespace) {
            var selector = LabelSelector.everything
            if let text = request.query["labelSelector"] { selector = (try? LabelSelector(parsing: text)) ?? selector }
            if selector.matches(object.labels) {
                store.remove(key)
                statistics.writes += 1
            }
        }
        return response
    }

    /// The namespace controller's work, done at once: delete everything in it, then the namespace.
    private func finishNamespaceDeletion(_ namespace: String) {
        for (key, _) in store.objects where key.namespace == namespace { store.remove(key) }
        store.remove(StoreKey(APIResource.builtIns[0], namespace: nil, name: namespace))
    }

    private static func propagationPolicy(_ request: APIRequest) -> String {
        guard !request.body.isEmpty, let body = try? request.decodedBody() else { return "Background" }
        return body["propagationPolicy"]?.stringValue ?? "Background"
    }
}
