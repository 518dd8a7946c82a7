import FleetModel

/// The app-of-apps pattern: Argo CD `Application` and `ApplicationSet` documents among an
/// Application's rendered manifests are its children, which join the fleet instead of being
/// applied to the destination cluster (Flotilla has no Argo CD there to act on them).
public enum ChildApplications {
    /// The kinds taken as children.
    public static let kinds: Set<String> = ["Application", "ApplicationSet"]

    /// Whether `object` is a child: an `argoproj.io` Application or ApplicationSet.
    public static func isChild(_ object: JSONValue) -> Bool {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue else {
            return false
        }
        return apiVersion.hasPrefix("argoproj.io/") && kinds.contains(kind)
    }

    /// `manifests` parted into the objects to apply and the children, each in source order.
    public static func split(_ manifests: [Manifest]) -> (objects: [Manifest], children: [Manifest]) {
        var objects: [Manifest] = []
        var children: [Manifest] = []
        for manifest in manifests {
            if isChild(manifest.object) { children.append(manifest) } else { objects.append(manifest) }
        }
        return (objects, children)
    }
}
