import FleetModel
import Reconcile

/// What a watch knows of the tracked objects of one resource type: per object, its last
/// resource version, its Application and a digest of its content — not the object, so
/// that thousands of objects per cluster cost little memory.
///
/// The digest leaves out what changes without meaning drift: `status`,
/// `metadata.resourceVersion`, `metadata.managedFields` and `metadata.generation`. So a
/// status write (a rollout, a controller's heartbeat) is no change, while a spec change, a
/// label or annotation change (which bumps no generation) and a ConfigMap's data change
/// (which has no generation at all) are.
struct WatchedObjects: Sendable {
    /// One object's place in the type's collection.
    struct Reference: Hashable, Sendable, Comparable {
        let namespace: String
        let name: String

        static func < (lhs: Reference, rhs: Reference) -> Bool {
            (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
        }
    }

    /// What is kept of one object.
    struct Seen: Sendable, Equatable {
        let resourceVersion: String?
        let digest: Int
        let application: String
    }

    /// A change of one object, before it is named with the cluster and type.
    struct Observation: Sendable, Equatable {
        let reference: Reference
        let application: String
        let kind: TrackedChange.Kind
        let resourceVersion: String?
    }

    private(set) var objects: [Reference: Seen] = [:]

    /// How many objects are known.
    var count: Int { objects.count }

    /// Takes in one ADDED, MODIFIED or DELETED event; the change it makes, if it may be drift.
    mutating func apply(type: String, object: JSONValue) -> Observation? {
        guard let reference = Self.reference(of: object) else { return nil }
        let version = object["metadata"]?["resourceVersion"]?.stringValue
        let known = objects[reference]
        if type == "DELETED" {
            guard let known else { return nil }
            objects[reference] = nil
            return Observation(
                reference: reference, application: known.application, kind: .deleted, resourceVersion: version)
        }
        if let known, let version, known.resourceVersion == version { return nil }
        guard let seen = Self.seen(object, known: known) else { return nil }
        objects[reference] = seen
        guard let known else {
            return Observation(
                reference: reference, application: seen.application, kind: .added, resourceVersion: version)
        }
        guard known.digest != seen.digest else { return nil }
        return Observation(
            reference: reference, application: seen.application, kind: .modified, resourceVersion: version)
    }

    /// Replaces what is known with a fresh list; what differs from before, sorted by namespace and name.
    mutating func replace(with items: [JSONValue]) -> [Observation] {
        var next: [Reference: Seen] = [:]
        var changes: [Observation] = []
        for item in items {
            guard let reference = Self.reference(of: item) else { continue }
            let known = objects[reference]
            guard let seen = Self.seen(item, known: known) else { continue }
            next[reference] = seen
            if known == nil || known?.digest != seen.digest {
                changes.append(
                    Observation(
                        reference: reference, application: seen.application, kind: known == nil ? .added : .modified,
                        resourceVersion: seen.resourceVersion))
            }
        }
        for (reference, known) in objects where next[reference] == nil {
            changes.append(
                Observation(reference: reference, application: known.application, kind: .deleted, resourceVersion: nil))
        }
        objects = next
        return changes.sorted { $0.reference < $1.reference }
    }

    /// What to keep of `object`; nil for an object that is not tracked: it carries no
    /// tracking label, or its tracking id does not name it (a Pod that inherited a
    /// Deployment's labels, another tool's object) — unless it was tracked before.
    private static func seen(_ object: JSONValue, known: Seen?) -> Seen? {
        let label = object["metadata"]?["labels"]?[Tracking.label]?.stringValue
        if known == nil {
            guard let label, Tracking.isOwned(object, by: label) else { return nil }
        }
        return Seen(
            resourceVersion: object["metadata"]?["resourceVersion"]?.stringValue, digest: digest(of: object),
            application: label ?? known?.application ?? "")
    }

    private static func reference(of object: JSONValue) -> Reference? {
        guard let name = object["metadata"]?["name"]?.stringValue else { return nil }
        return Reference(namespace: object["metadata"]?["namespace"]?.stringValue ?? "", name: name)
    }

    /// A hash of the object without what changes on its own (see the type's comment), the
    /// same whatever the order of its keys (a list and a watch order them differently).
    static func digest(of object: JSONValue) -> Int {
        guard case .object(var members) = object else { return object.hashValue }
        members["status"] = nil
        members["apiVersion"] = nil
        members["kind"] = nil
        if case .object(var metadata)? = members["metadata"] {
            metadata["resourceVersion"] = nil
            metadata["managedFields"] = nil
            metadata["generation"] = nil
            members["metadata"] = .object(metadata)
        }
        return JSONValue.object(members).hashValue
    }
}
