import FleetModel
import Foundation

extension SandboxCluster {
    func create(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        guard target.subresource == nil else { throw APIStatus.methodNotAllowed(request.method) }
        try RequestOptions.create.check(request)
        var object = try request.decodedBody()
        try checkIdentity(of: &object, target, name: nil)
        if object.metadata("name")?.stringValue?.isEmpty != false,
            let prefix = object.metadata("generateName")?.stringValue
        {
            object.setMetadata("name", .string(prefix + String(UUID().uuidString.lowercased().prefix(5))))
        }
        let name = object.metadata("name")?.stringValue ?? ""
        let key = StoreKey(target.resource, namespace: target.namespace, name: name)
        let warnings = try conform(&object, target, name: name, validation: FieldValidation(request))
        try Validation.check(object, target.resource, name: name)
        try requireNamespace(target)
        if store.object(key) != nil { throw APIStatus.alreadyExists(target.resource, name) }
        let manager = request.fieldManager ?? "unknown"
        object = try admit(object, previous: nil, target, manager: manager, operation: .update)
        return try commit(object, key: key, target, previous: nil, dryRun: request.isDryRun).warning(warnings)
    }

    func update(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        guard let key = target.key, let name = target.name else { throw APIStatus.methodNotAllowed(request.method) }
        try RequestOptions.update.check(request)
        var object = try request.decodedBody()
        try checkIdentity(of: &object, target, name: name)
        guard let live = store.object(key) else { throw APIStatus.notFound(target.resource, name) }
        if let version = object.metadata("resourceVersion")?.stringValue, !version.isEmpty,
            version != live.metadata("resourceVersion")?.stringValue
        {
            throw APIStatus.conflict(target.resource, name)
        }
        if target.subresource == "status" {
            var merged = live
            merged.set(["status"], object["status"])
            object = merged
        } else if target.resource.subresources.contains("status") {
            object.set(["status"], live["status"])
        }
        let warnings = try conform(&object, target, name: name, validation: FieldValidation(request))
        try Validation.check(object, target.resource, name: name)
        object = try admit(
            object, previous: live, target, manager: request.fieldManager ?? "unknown", operation: .update)
        return try commit(object, key: key, target, previous: live, dryRun: request.isDryRun).warning(warnings)
    }

    /// How a write records ownership.
    enum WriteOperation {
        case update
        case apply(ManagedFieldsEntry)
    }

    /// Fills defaults, server metadata and managed fields, bumping `generation` when the spec changed.
    func admit(
        _ proposed: JSONValue, previous: JSONValue?, _ target: Target, manager: String, operation: WriteOperation
    )
        throws(APIStatus) -> JSONValue
    {
        var object = proposed
        object.setIdentity(target.resource)
        let now = SandboxClock.timestamp(Date())
        if let previous {
            for key in ["uid", "creationTimestamp", "resourceVersion", "deletionTimestamp"] {
                object.setMetadata(key, previous.metadata(key))
            }
        } else {
            object.setMetadata("uid", .string(UUID().uuidString.lowercased()))
            object.setMetadata("creationTimestamp", .string(now))
        }
        if let previous, target.resource.kind == "Service" { Self.keepAllocated(&object, previous) }
        Defaults.apply(to: &object, kind: target.resource.kind, cluster: allocator)
        if let previous {
            if target.resource.hasGeneration {
                let generation = previous.metadata("generation")?.intValue ?? 1
                let specChanged =
                    previous["spec"] != object["spec"]
                    || previous.metadata("annotations") != object.metadata("annotations")
                object.setMetadata("generation", .int(specChanged ? generation + 1 : generation))
            }
        } else {
            if target.resource.hasGeneration { object.setMetadata("generation", 1) }
            if target.resource.kind == "PersistentVolumeClaim" {
                // The StorageObjectInUseProtection admission plugin's finalizer.
                var finalizers = object.metadata("finalizers")?.arrayValue ?? []
                if !finalizers.contains(Self.pvcProtection) { finalizers.append(Self.pvcProtection) }
                object.setMetadata("finalizers", .array(finalizers))
            }
            if target.subresource == nil, let status = Defaults.initialStatus(of: object, kind: target.resource.kind) {
                object.set(["status"], status)
            }
        }
        Self.templateGeneration(&object, previous: previous, target.resource)
        if target.resource.kind == "CustomResourceDefinition" { Self.establish(&object) }
        let entries = previous?.managedFields ?? []
        switch operation {
        case .update:
            let subresource = target.subresource == "status" ? "status" : nil
            let changed = ObjectMerge.changedFields(
                from: previous.map { FieldSet.projection($0, includeStatus: subresource != nil) },
                to: FieldSet.projection(object, includeStatus: subresource != nil),
                catalog.mergeSchema(of: target.resource))
            object.setManagedFields(
                entries.recordingUpdate(
                    by: manager, fields: changed, apiVersion: target.resource.groupVersion, time: now,
                    subresource: subresource))
        case .apply(let entry):
            object.setManagedFields(
                entries.filter { !$0.belongs(to: entry.manager, operation: "Apply", subresource: nil) } + [entry])
        }
        return object
    }

    /// The finalizer that keeps a claim while pods use it; no pod runs in a sandbox, so the
    /// protection controller lifts it as soon as the claim is deleted.
    static let pvcProtection: JSONValue = "kubernetes.io/pvc-protection"

    /// What a Service update leaves out of what the server allocated stays: cluster IPs, node ports.
    static func keepAllocated(_ object: inout JSONValue, _ previous: JSONValue) {
        for field in ["clusterIP", "clusterIPs"] where object.value(at: ["spec", field]) == nil {
            object.set(["spec", field], previous.value(at: ["spec", field]))
        }
        guard var ports = object.value(at: ["spec", "ports"])?.arrayValue else { return }
        let old = previous.value(at: ["spec", "ports"])?.arrayValue ?? []
        for index in ports.indices where ports[index]["nodePort"] == nil {
            let match = old.first {
                $0["port"] == ports[index]["port"] && $0["protocol"] == (ports[index]["protocol"] ?? "TCP")
            }
            if let nodePort = match?["nodePort"] { ports[index].set(["nodePort"], nodePort) }
        }
        object.set(["spec", "ports"], .array(ports))
    }

    /// A DaemonSet's `deprecated.daemonset.template.generation` annotation: 1 on create, one
    /// more whenever its pod template changes.
    static func templateGeneration(_ object: inout JSONValue, previous: JSONValue?, _ resource: APIResource) {
        guard resource.kind == "DaemonSet" else { return }
        let key = "deprecated.daemonset.template.generation"
        let current = previous?.metadata("annotations")?[key]?.stringValue.flatMap { Int($0) } ?? 0
        let changed =
            previous == nil || previous?.value(at: ["spec", "template"]) != object.value(at: ["spec", "template"])
        var annotations = object.metadata("annotations")?.objectValue ?? JSONObject()
        annotations[key] = .string(String(changed ? current + 1 : max(current, 1)))
        object.setMetadata("annotations", .object(annotations))
    }

    /// Stores an admitted object (or, for a dry run, only answers with it).
    func commit(
        _ admitted: JSONValue, key: StoreKey, _ target: Target, previous: JSONValue?, dryRun: Bool
    )
        throws(APIStatus) -> APIResponse
    {
        var object = admitted
        if let previous, target.subresource == nil {
            try Validation.checkUpdate(
                object, previous: previous, target.resource, name: object.metadata("name")?.stringValue ?? "")
        }
        if let previous, object.withoutBookkeeping == previous.withoutBookkeeping,
            object.managedFields.map(\.fields) == previous.managedFields.map(\.fields)
        {
            return .json(previous.identified(target.resource))
        }
        if dryRun {
            if previous == nil { object.setMetadata("resourceVersion", nil) }
            return .json(object.identified(target.resource), status: previous == nil ? 201 : 200)
        }
        let version = store.nextResourceVersion()
        object.setMetadata("resourceVersion", .string(String(version)))
        statistics.writes += 1
        if object.metadata("deletionTimestamp") != nil, object.metadata("finalizers")?.arrayValue?.isEmpty ?? true {
            // The last finalizer is gone: the object marked for deletion goes now.
            store.put(key, object, type: "MODIFIED", version: version)
            store.remove(key)
            return .json(object.identified(target.resource))
        }
        store.put(key, object, type: previous == nil ? "ADDED" : "MODIFIED", version: version)
        afterWrite(object, target)
        return .json(object.identified(target.resource), status: previous == nil ? 201 : 200)
    }

    /// The body's apiVersion, kind, name and namespace must agree with the URL.
    func checkIdentity(of object: inout JSONValue, _ target: Target, name: String?) throws(APIStatus) {
        guard case .object = object else { throw APIStatus.badRequest("the request body must be an object") }
        if let kind = object["kind"]?.stringValue, kind != target.resource.kind {
            throw APIStatus.badRequest(
                "the API version in the data (\(object["apiVersion"]?.stringValue ?? "")) does not match the expected "
                    + "API version (\(target.resource.groupVersion))")
        }
        if let apiVersion = object["apiVersion"]?.stringValue, apiVersion != target.resource.groupVersion {
            throw APIStatus.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(target.resource.groupVersion))"
            )
        }
        if let name, let bodyName = object.metadata("name")?.stringValue, !bodyName.isEmpty, bodyName != name {
            throw APIStatus.badRequest(
                "the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if let namespace = object.metadata("namespace")?.stringValue, !namespace.isEmpty {
            guard target.resource.namespaced, namespace == target.namespace else {
                throw APIStatus.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
        }
        if let name { object.setMetadata("name", .string(name)) }
        if target.resource.namespaced, let namespace = target.namespace {
            object.setMetadata("namespace", .string(namespace))
        }
    }

    /// A namespaced write needs its namespace to exist and not be terminating.
    func requireNamespace(_ target: Target) throws(APIStatus) {
        guard target.resource.namespaced, let namespace = target.namespace else { return }
        guard let object = store.object(StoreKey(APIResource.builtIns[0], namespace: nil, name: namespace)) else {
            throw APIStatus.namespaceNotFound(namespace)
        }
        if object.value(at: ["status", "phase"]) == "Terminating" {
            let cause: JSONValue = [
                "reason": "NamespaceTerminating", "message": .string("namespace \(namespace) is being terminated"),
                "field": "metadata.namespace",
            ]
            throw APIStatus(
                code: 403, reason: "Forbidden",
                message:
                    "\(target.resource.qualifiedPlural) \"\(target.name ?? "")\" is forbidden: unable to create new "
                    + "content in namespace \(namespace) because it is being terminated",
                details: APIStatus.details(
                    name: target.name, group: target.resource.group, kind: target.resource.plural, causes: [cause]))
        }
    }

    /// A CRD is accepted and established at once: its kinds are served from now on.
    static func establish(_ crd: inout JSONValue) {
        let conditions: JSONValue = [
            ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found"],
            [
                "type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                "message": "the initial names have been accepted",
            ],
        ]
        crd.set(["status", "conditions"], conditions)
        crd.set(["status", "acceptedNames"], crd.value(at: ["spec", "names"]) ?? [:])
        crd.set(
            ["status", "storedVersions"],
            .array((crd.value(at: ["spec", "versions"])?.arrayValue ?? []).compactMap { $0["name"] }))
    }

    /// Side effects of a stored write: CRDs change discovery, workloads start rolling out.
    func afterWrite(_ object: JSONValue, _ target: Target) {
        if target.resource.kind == "CustomResourceDefinition" { catalog.register(crd: object) }
        if target.subresource != "status" { scheduleControllers(for: object, target) }
    }
}

extension JSONValue {
    func identified(_ resource: APIResource) -> JSONValue {
        var copy = self
        copy.setIdentity(resource)
        return copy
    }
}

extension FieldSet {
    /// The object as ownership sees it: the main resource without `status`, or the status subresource.
    static func projection(_ object: JSONValue, includeStatus: Bool) -> JSONValue {
        var copy = object.withoutBookkeeping
        if includeStatus {
            return ["status": object["status"] ?? [:]]
        }
        copy.set(["status"], nil)
        for key in ["name", "namespace", "generateName", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"]
        {
            copy.setMetadata(key, nil)
        }
        if copy["metadata"]?.objectValue?.isEmpty == true { copy.set(["metadata"], nil) }
        copy.set(["apiVersion"], nil)
        copy.set(["kind"], nil)
        return copy
    }
}
