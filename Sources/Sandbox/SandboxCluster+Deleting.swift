import FleetModel
import Foundation

extension SandboxCluster {
    func delete(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        guard let key = target.key, let name = target.name, target.subresource == nil else {
            throw APIStatus.methodNotAllowed(request.method)
        }
        let policy = request.query["propagationPolicy"] ?? Self.propagationPolicy(request)
        try RequestOptions.delete.check(request, propagationPolicy: policy)
        guard var object = store.object(key) else { throw APIStatus.notFound(target.resource, name) }
        try Self.checkPreconditions(request, object, target.resource, name)
        if request.isDryRun { return .json(object.identified(target.resource)) }
        if target.resource.kind == "Namespace" || target.resource.kind == "CustomResourceDefinition" {
            // Like the namespace and CRD-cleanup controllers: marked now, contents removed shortly after.
            if object.metadata("deletionTimestamp") == nil {
                object.setMetadata("deletionTimestamp", .string(SandboxClock.timestamp(Date())))
                if target.resource.kind == "Namespace" { object.set(["status", "phase"], "Terminating") }
                let version = store.nextResourceVersion()
                object.setMetadata("resourceVersion", .string(String(version)))
                store.put(key, object, type: "MODIFIED", version: version)
                statistics.writes += 1
                scheduleCleanup(key, object, target.resource)
            }
            return .json(object.identified(target.resource))
        }
        var finalizers = (object.metadata("finalizers")?.arrayValue ?? []).filter { $0 != Self.pvcProtection }
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
        try RequestOptions.delete.check(request, propagationPolicy: request.query["propagationPolicy"])
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

    /// The namespace controller's (or CRD cleanup's) work, after `namespaceCleanupDelay`:
    /// delete everything in the namespace (or every object of the CRD's kinds), then it.
    private func scheduleCleanup(_ key: StoreKey, _ object: JSONValue, _ resource: APIResource) {
        let delay = options.namespaceCleanupDelay
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.cleanUp(key, object, resource)
        }
    }

    private func cleanUp(_ key: StoreKey, _ object: JSONValue, _ resource: APIResource) {
        if resource.kind == "Namespace" {
            for (contained, _) in store.objects where contained.namespace == key.name { store.remove(contained) }
        } else if let group = object.value(at: ["spec", "group"])?.stringValue,
            let plural = object.value(at: ["spec", "names", "plural"])?.stringValue
        {
            for (contained, _) in store.objects where contained.resource == "\(plural).\(group)" {
                store.remove(contained)
            }
            catalog.unregister(crd: object)
        }
        store.remove(key)
    }

    /// `DeleteOptions.preconditions`: a uid or resourceVersion that is no longer the object's is a 409.
    private static func checkPreconditions(
        _ request: APIRequest, _ object: JSONValue, _ resource: APIResource, _ name: String
    ) throws(APIStatus) {
        guard !request.body.isEmpty, let preconditions = (try? request.decodedBody())?["preconditions"] else { return }
        let checks = [
            ("uid", "UID", "The object might have been deleted and then recreated"),
            ("resourceVersion", "ResourceVersion", "The object might have been modified"),
        ]
        for (field, label, consequence) in checks {
            guard let wanted = preconditions[field]?.stringValue else { continue }
            let actual = object.metadata(field)?.stringValue ?? ""
            guard wanted != actual else { continue }
            throw APIStatus(
                code: 409, reason: "Conflict",
                message: "Operation cannot be fulfilled on \(resource.qualifiedKind) \"\(name)\": the \(label) in the "
                    + "precondition (\(wanted)) does not match the \(label) in record (\(actual)). \(consequence)",
                details: APIStatus.details(name: name, group: resource.group, kind: resource.kind))
        }
    }

    private static func propagationPolicy(_ request: APIRequest) -> String {
        guard !request.body.isEmpty, let body = try? request.decodedBody() else { return "Background" }
        return body["propagationPolicy"]?.stringValue ?? "Background"
    }
}
