/// An Argo CD `AppProject`: which sources and destinations its Applications may use.
public struct AppProject: Sendable, Hashable {
    /// `metadata.name`.
    public var name: String
    /// `spec.sourceRepos`: repository URL patterns Applications may deploy from.
    public var sourceRepos: [String]
    /// `spec.destinations`: clusters and namespaces Applications may deploy to.
    public var destinations: [ApplicationDestination]
    /// The whole `spec`, as written.
    public var spec: JSONValue
}

extension AppProject {
    /// Decodes an AppProject document.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        name = try reader.required("metadata").required("name").nonEmptyString()
        let specReader = try reader.optional("spec")
        spec = specReader?.value ?? .object(JSONObject())
        sourceRepos = try specReader?.optional("sourceRepos")?.strings() ?? []
        var destinations: [ApplicationDestination] = []
        for element in try specReader?.optional("destinations")?.elements() ?? [] {
            destinations.append(
                ApplicationDestination(
                    name: try element.optional("name")?.string(),
                    server: try element.optional("server")?.string(),
                    namespace: try element.optional("namespace")?.string()))
        }
        self.destinations = destinations
    }
}
