import FleetModel

/// How Flotilla marks the objects an Application owns, and recognises them later.
public enum Tracking {
    /// The label every applied object carries: the Application's name.
    public static let label = "app.kubernetes.io/instance"
    /// The annotation that proves ownership: `<app>:<group>/<kind>:<namespace>/<name>`.
    public static let annotation = "flotilla.dev/tracking-id"
    /// The digest of the object as Git had it when Flotilla applied it (see `Digest`).
    public static let digestAnnotation = "flotilla.dev/desired-digest"

    /// `object` with the tracking label and annotation of `application`, and its digest.
    public static func mark(_ object: JSONValue, application: String) -> JSONValue {
        guard case .object(var members) = object else { return object }
        var metadata = members["metadata"]?.objectValue ?? JSONObject()
        var labels = metadata["labels"]?.objectValue ?? JSONObject()
        labels[label] = .string(application)
        metadata["labels"] = .object(labels)
        var annotations = metadata["annotations"]?.objectValue ?? JSONObject()
        annotations[annotation] = .string(ResourceKey(object).trackingID(application: application))
        annotations[digestAnnotation] = nil
        metadata["annotations"] = .object(annotations)
        members["metadata"] = .object(metadata)
        annotations[digestAnnotation] = .string(Digest.of(.object(members)))
        metadata["annotations"] = .object(annotations)
        members["metadata"] = .object(metadata)
        return .object(members)
    }

    /// The digest annotation's value on `object`, if any.
    static func digest(of object: JSONValue) -> String? {
        object["metadata"]?["annotations"]?[digestAnnotation]?.stringValue
    }

    /// Whether `object` was applied by `application` (its annotation names it and the object itself).
    public static func isOwned(_ object: JSONValue, by application: String) -> Bool {
        object["metadata"]?["annotations"]?[annotation]?.stringValue
            == ResourceKey(object).trackingID(application: application)
    }
}
