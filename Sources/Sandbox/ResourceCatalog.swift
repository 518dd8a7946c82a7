import FleetModel

/// The kinds a sandbox serves: the built-ins, plus every established CustomResourceDefinition.
struct ResourceCatalog: Sendable {
    private(set) var resources: [APIResource] = APIResource.builtIns
    /// The `openAPIV3Schema` of each custom resource version, by `group/version/plural`.
    private var customSchemas: [String: StructuralSchema] = [:]

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

    /// The schema objects of `resource` are held to, nil when the sandbox has none.
    func schema(of resource: APIResource) -> StructuralSchema? {
        isBuiltIn(resource)
            ? BuiltInSchemaTable.schema(apiVersion: resource.groupVersion, kind: resource.kind)
            : customSchemas[Self.key(resource)]
    }

    /// The schema whose merge semantics apply to `resource`'s objects (anything goes when none).
    func mergeSchema(of resource: APIResource) -> StructuralSchema {
        schema(of: resource) ?? .anything
    }

    private static func key(_ resource: APIResource) -> String {
        "\(resource.groupVersion)/\(resource.plural)"
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
            if let schema = version["schema"]?["openAPIV3Schema"] {
                customSchemas[Self.key(resource)] = StructuralSchema(openAPI: schema)
            }
        }
    }

    /// Stops serving a CRD's kinds.
    mutating func unregister(crd: JSONValue) {
        guard let group = crd["spec"]?["group"]?.stringValue, let plural = crd["spec"]?["names"]?["plural"]?.stringValue
        else { return }
        for resource in resources where resource.group == group && resource.plural == plural && !isBuiltIn(resource) {
            customSchemas[Self.key(resource)] = nil
        }
        resources.removeAll { $0.group == group && $0.plural == plural && !APIResource.builtIns.contains($0) }
    }
}
