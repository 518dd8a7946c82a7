import FleetModel

/// The kinds a sandbox serves: the built-ins, plus every established CustomResourceDefinition.
struct ResourceCatalog: Sendable {
    private(set) var resources: [APIResource] = APIResource.builtIns

    func resource(group: String, version: String, plural: String) -> APIResource? {
        resources.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    func resource(apiVersion: String, kind: String) -> APIResource? {
        resources.first { $0.groupVersion == apiVersion && $0.kind == kind }
    }

    /// The group/versions served, in a stable order (core first, then by group).
    var groupVersions: [(group: String, version: String)] {
        var seen = Set<String>()
        return resources.compactMap { resource in
            seen.insert(resource.groupVersion).inserted ? (resource.group, resource.version) : nil
        }
    }

    func isBuiltIn(_ resource: APIResource) -> Bool {
        APIResource.builtIns.contains(resource)
    }

    /// Serves the versions a CRD defines (called when it is created or updated).
    mutating func register(crd: JSONValue) {
        unregister(crd: crd)
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue,
            let names = spec["names"], let kind = names["kind"]?.stringValue, let plural = names["plural"]?.stringValue
        else { return }
        let namespaced = spec["scope"]?.stringValue != "Cluster"
        for version in spec["versions"]?.arrayValue ?? [] where version["served"]?.boolValue != false {
            guard let name = version["name"]?.stringValue else { continue }
            var resource = APIResource(
                group, name, kind, plural, namespaced: namespaced,
                shortNames: names["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                subresources: version["subresources"]?["status"] != nil ? ["status"] : [], generation: true,
                categories: names["categories"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            resource.singular = names["singular"]?.stringValue ?? kind.lowercased()
            resources.append(resource)
        }
    }

    /// Stops serving a CRD's kinds.
    mutating func unregister(crd: JSONValue) {
        guard let group = crd["spec"]?["group"]?.stringValue, let plural = crd["spec"]?["names"]?["plural"]?.stringValue
        else { return }
        resources.removeAll { $0.group == group && $0.plural == plural && !APIResource.builtIns.contains($0) }
    }
}
