import FleetModel
import Foundation

extension SandboxCluster {
    /// Server-side apply: the manager's applied configuration, merged with what other
    /// managers own; fields it applied before and leaves out now are removed; a field
    /// another manager owns with a different value is a conflict unless `force=true`.
    func apply(_ request: APIRequest, _ target: Target, key: StoreKey, name: String) throws(APIStatus) -> APIResponse {
        guard let manager = request.query["fieldManager"], !manager.isEmpty else {
            throw APIStatus(
                code: 422, reason: "Invalid",
                message:
                    "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                details: APIStatus.details(
                    name: "", group: "meta.k8s.io", kind: "PatchOptions",
                    causes: [
                        [
                            "reason": "FieldValueRequired", "message": "Required value: is required for apply patch",
                            "field": "fieldManager",
                        ]
                    ]))
        }
        guard target.subresource == nil || target.subresource == "status" else {
            throw APIStatus.methodNotAllowed("PATCH")
        }
        var applied = try request.decodedBody()
        let apiVersion = applied["apiVersion"]?.stringValue ?? ""
        let kind = applied["kind"]?.stringValue ?? ""
        if apiVersion.isEmpty || kind.isEmpty {
            let groupVersion = apiVersion.contains("/") ? apiVersion : "/\(apiVersion)"
            throw APIStatus.badRequest("invalid object type: \(groupVersion), Kind=\(kind)")
        }
        try requireDeclaredFields(applied, target, name: name)
        try checkIdentity(of: &applied, target, name: name)
        let live = store.object(key)
        if let live, let version = applied.metadata("resourceVersion")?.stringValue, !version.isEmpty,
            version != live.metadata("resourceVersion")?.stringValue
        {
            throw APIStatus.conflict(target.resource, name)
        }
        let schema = catalog.mergeSchema(of: target.resource)
        let appliedFields = FieldSet.of(object: FieldSet.projection(applied, includeStatus: false), schema: schema)
        let now = SandboxClock.timestamp(Date())
        guard let live else {
            try requireNamespace(target)
            var object = applied
            _ = try conform(&object, target, name: name, validation: .ignore)
            try Validation.check(object, target.resource, name: name)
            object.set(["status"], nil)
            let entry = ManagedFieldsEntry(
                manager: manager, operation: "Apply", apiVersion: target.resource.groupVersion, time: now,
                fields: appliedFields)
            object = try admit(object, previous: nil, target, manager: manager, operation: .apply(entry))
            return try commit(object, key: key, target, previous: nil, dryRun: request.isDryRun)
        }
        let entries = live.managedFields
        let others = entries.filter { !$0.belongs(to: manager, operation: "Apply", subresource: nil) }
        let conflicts = others.filter { $0.subresource == nil && $0.manager != manager }.flatMap { entry in
            entry.fields.intersection(appliedFields).leaves.filter { path in
                path.last != "."
                    && ObjectMerge.value(at: path, in: live, schema) != ObjectMerge.value(at: path, in: applied, schema)
            }.map { (manager: entry.manager, path: $0) }
        }
        let force = request.query["force"] == "true"
        if !conflicts.isEmpty, !force { throw Self.conflictStatus(conflicts) }
        let previous =
            entries.first { $0.belongs(to: manager, operation: "Apply", subresource: nil) }?.fields ?? FieldSet()
        let ownedByOthers = others.reduce(FieldSet()) { $0.union($1.fields) }
        let dropped = previous.subtracting(appliedFields).subtracting(ownedByOthers)
        var object = ObjectMerge.apply(
            FieldSet.projection(applied, includeStatus: false), over: ObjectMerge.removing(dropped, from: live, schema),
            schema)
        object.setMetadata("name", .string(name))
        if let namespace = target.namespace, target.resource.namespaced {
            object.setMetadata("namespace", .string(namespace))
        }
        var kept = others.map { entry -> ManagedFieldsEntry in
            var entry = entry
            if force, entry.subresource == nil { entry.fields = entry.fields.subtracting(appliedFields) }
            return entry
        }
        kept.removeAll { $0.fields.isEmpty }
        let previousEntry = entries.first { $0.belongs(to: manager, operation: "Apply", subresource: nil) }
        // The entry's time moves only when the apply changes the object: an identical
        // re-apply keeps it, and a manager sharing identical values gets none.
        let entry = ManagedFieldsEntry(
            manager: manager, operation: "Apply", apiVersion: target.resource.groupVersion,
            time: object.withoutBookkeeping == live.withoutBookkeeping ? previousEntry?.time : now,
            fields: appliedFields)
        _ = try conform(&object, target, name: name, validation: .ignore)
        try Validation.check(object, target.resource, name: name)
        var merged = live
        merged.setManagedFields(kept)
        object.setManagedFields(kept)
        let admitted = try admit(object, previous: merged, target, manager: manager, operation: .apply(entry))
        return try commit(admitted, key: key, target, previous: live, dryRun: request.isDryRun)
    }

    private static func conflictStatus(
        _ conflicts: [(manager: String, path: [String])]
    ) -> APIStatus {
        let byManager = Dictionary(grouping: conflicts, by: \.manager)
        var lines: [String] = []
        var causes: [JSONValue] = []
        for manager in byManager.keys.sorted() {
            let items = byManager[manager]!
            let fields = items.map { FieldSet.describe($0.path) }.sorted()
            let subject = "conflict\(fields.count == 1 ? "" : "s") with \"\(manager)\""
            lines.append(
                fields.count == 1
                    ? "\(subject): \(fields[0])" : "\(subject):\n" + fields.map { "- \($0)" }.joined(separator: "\n"))
            for field in fields {
                causes.append([
                    "reason": "FieldManagerConflict",
                    "message": .string("conflict with \"\(manager)\""),
                    "field": .string(field),
                ])
            }
        }
        let count = conflicts.count
        return APIStatus(
            code: 409, reason: "Conflict",
            message: "Apply failed with \(count) conflict\(count == 1 ? "" : "s"): " + lines.joined(separator: "\n"),
            details: ["causes": .array(causes)])
    }
}
