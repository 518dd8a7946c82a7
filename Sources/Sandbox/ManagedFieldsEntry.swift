import FleetModel

/// One `metadata.managedFields` entry: who owns which fields, through which operation.
struct ManagedFieldsEntry: Sendable, Equatable {
    var manager: String
    var operation: String
    var apiVersion: String
    var time: String?
    var fields: FieldSet
    var subresource: String?

    init(
        manager: String, operation: String, apiVersion: String, time: String?, fields: FieldSet,
        subresource: String? = nil
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fields = fields
        self.subresource = subresource
    }

    init?(_ value: JSONValue) {
        guard let manager = value["manager"]?.stringValue, let operation = value["operation"]?.stringValue else {
            return nil
        }
        self.manager = manager
        self.operation = operation
        apiVersion = value["apiVersion"]?.stringValue ?? ""
        time = value["time"]?.stringValue
        fields = FieldSet(json: value["fieldsV1"])
        subresource = value["subresource"]?.stringValue
    }

    var json: JSONValue {
        var object = JSONObject([
            ("manager", .string(manager)), ("operation", .string(operation)), ("apiVersion", .string(apiVersion)),
        ])
        if let time { object["time"] = .string(time) }
        object["fieldsType"] = "FieldsV1"
        object["fieldsV1"] = fields.json
        if let subresource { object["subresource"] = .string(subresource) }
        return .object(object)
    }

    /// Is this the entry of `manager` for `operation`?
    func belongs(to manager: String, operation: String, subresource: String?) -> Bool {
        self.manager == manager && self.operation == operation && self.subresource == subresource
    }
}

extension JSONValue {
    var managedFields: [ManagedFieldsEntry] {
        (metadata("managedFields")?.arrayValue ?? []).compactMap(ManagedFieldsEntry.init)
    }

    /// Sets `metadata.managedFields`, in the order the API server writes them: Apply
    /// entries before Update ones, then by time (none first), manager and subresource.
    mutating func setManagedFields(_ entries: [ManagedFieldsEntry]) {
        let kept = entries.filter { !$0.fields.isEmpty }.sorted { left, right in
            (left.operation, left.time ?? "", left.manager, left.subresource ?? "")
                < (right.operation, right.time ?? "", right.manager, right.subresource ?? "")
        }
        setMetadata("managedFields", kept.isEmpty ? nil : .array(kept.map(\.json)))
    }

    /// The object without the metadata the server owns, for "did anything change" checks.
    var withoutBookkeeping: JSONValue {
        var copy = self
        for key in ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp"] {
            copy.setMetadata(key, nil)
        }
        return copy
    }
}

extension [ManagedFieldsEntry] {
    /// Records that `manager` changed `fields` through an Update: it owns them now, and
    /// every other manager gives them up (Update never conflicts).
    func recordingUpdate(
        by manager: String, fields: FieldSet?, apiVersion: String, time: String, subresource: String? = nil
    )
        -> [ManagedFieldsEntry]
    {
        guard let fields, !fields.isEmpty else { return self }
        var entries = map { entry -> ManagedFieldsEntry in
            var entry = entry
            if !entry.belongs(to: manager, operation: "Update", subresource: subresource) {
                entry.fields = entry.fields.subtracting(fields)
            }
            return entry
        }
        if let index = entries.firstIndex(where: {
            $0.belongs(to: manager, operation: "Update", subresource: subresource)
        }) {
            entries[index].fields = entries[index].fields.union(fields)
            entries[index].time = time
            entries[index].apiVersion = apiVersion
        } else {
            entries.append(
                ManagedFieldsEntry(
                    manager: manager, operation: "Update", apiVersion: apiVersion, time: time, fields: fields,
                    subresource: subresource))
        }
        return entries.filter { !$0.fields.isEmpty }
    }
}
