import FleetModel

/// Whose an existing object is, by its tracking id: an Application never writes, prunes or
/// deletes an object another Application owns, and takes over one nobody owns only when it
/// is allowed to adopt it (`AdoptExisting=true`, for the Application or the object).
enum Ownership {
    /// The sync option that lets an Application take over objects without a tracking id.
    static let adoptOption = "AdoptExisting"

    /// Why `application` may not write `live` as `desired`; nil when it may (the object is
    /// its own, or carries no tracking id and adoption is allowed).
    static func conflict(live: JSONValue, desired: JSONValue, application: String, adopts: Bool) -> String? {
        guard let id = trackingID(of: live) else {
            guard adopts || SyncOptions(annotationOf: desired).isTrue(adoptOption) else {
                return "exists and is not managed by Flotilla (no tracking id); set the sync option "
                    + "\(adoptOption)=true (Application or object) to adopt it"
            }
            return nil
        }
        if id == trackingID(of: desired) { return nil }
        let owner = id.split(separator: ":", maxSplits: 1).first.map(String.init) ?? id
        return owner == application
            ? "carries the tracking id \(id), not its own: it is not this object of Application \(application)"
            : "belongs to Application \(owner)"
    }

    /// The object's `flotilla.dev/tracking-id`.
    static func trackingID(of object: JSONValue) -> String? {
        object["metadata"]?["annotations"]?[Tracking.annotation]?.stringValue
    }
}
