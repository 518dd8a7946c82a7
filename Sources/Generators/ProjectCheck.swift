import FleetModel

/// Checks Applications against their AppProjects before anything touches a cluster: the
/// project must exist, and it must permit every source repository and the destination.
/// (Kinds and sync windows are checked where objects and time are known: in the engine.)
public struct ProjectCheck: Sendable {
    /// The fleet's projects.
    public let catalog: ProjectCatalog
    /// The registered clusters by name and by server, to know a destination's name and server both.
    private let clustersByName: [String: Cluster]
    private let clustersByServer: [String: Cluster]

    /// A check over `catalog`, resolving destinations among `clusters`.
    public init(catalog: ProjectCatalog, clusters: [Cluster]?) {
        self.catalog = catalog
        clustersByName = Dictionary((clusters ?? []).map { ($0.name, $0) }) { first, _ in first }
        clustersByServer = Dictionary((clusters ?? []).map { ($0.server, $0) }) { first, _ in first }
    }

    /// The project of `generated`; an error naming the file and line of `spec.project` when the
    /// fleet does not define it.
    public func project(of generated: GeneratedApplication) throws(GeneratorError) -> AppProject {
        let name = generated.application.project
        guard let project = catalog.project(named: name) else {
            throw .unknownProject(
                generated.location(of: Self.path("spec", "project")), application: generated.application.name,
                project: name, known: catalog.names)
        }
        return project
    }

    /// What `project` refuses of `generated`'s sources and destination, each at its line.
    public func violations(of generated: GeneratedApplication, in project: AppProject) -> [ProjectViolation] {
        let application = generated.application
        var found: [ProjectViolation] = []
        let single = application.document["spec"]?["sources"] == nil
        for (index, source) in application.sources.enumerated() {
            guard let rule = project.sourceRefusal(source.repoURL) else { continue }
            let path =
                single
                ? Self.path("spec", "source", "repoURL")
                : JSONPath.root.appending("spec").appending("sources").appending(index).appending("repoURL")
            found.append(
                ProjectViolation(application: application.name, location: generated.location(of: path), rule: rule))
        }
        if let rule = project.destinationRefusal(resolvedDestination(application.destination)) {
            found.append(
                ProjectViolation(
                    application: application.name, location: generated.location(of: Self.path("spec", "destination")),
                    rule: rule))
        }
        return found
    }

    /// `destination` with both the name and the server of its registered cluster, as Argo CD
    /// checks it; as written when the cluster is not known.
    public func resolvedDestination(_ destination: ApplicationDestination) -> ApplicationDestination {
        var resolved = destination
        let cluster =
            destination.name.flatMap { clustersByName[$0] } ?? destination.server.flatMap { clustersByServer[$0] }
        if let cluster {
            resolved.name = cluster.name
            resolved.server = cluster.server
        }
        return resolved
    }

    private static func path(_ keys: String...) -> JSONPath {
        keys.reduce(JSONPath.root) { $0.appending($1) }
    }
}

/// A source or destination an Application's project refuses, where it is written.
public struct ProjectViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Application.
    public var application: String
    /// The field's place in the fleet file (or template).
    public var location: SourceLocation
    /// Which project and rule refuse it.
    public var rule: String

    /// `fleets/web.yaml:12:9: Application web-prod: project "team" does not permit …`.
    public var description: String { "\(location): Application \(application): \(rule)" }
}
