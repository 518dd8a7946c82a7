/// The AppProjects of a fleet by name, with the permissive `default` when the fleet writes none.
public struct ProjectCatalog: Sendable {
    private let projects: [String: AppProject]

    /// The projects of `fleet`; two with one name are an error naming both.
    public init(_ fleet: Fleet) throws(FleetModelError) {
        var projects: [String: AppProject] = [:]
        for case .appProject(let project, let document) in fleet.documents {
            if let first = projects[project.name] {
                throw .invalidField(
                    document.location, path: JSONPath.root.appending("metadata").appending("name"),
                    message:
                        "AppProject \"\(project.name)\" is already defined at \(first.location ?? document.location)")
            }
            projects[project.name] = project
        }
        if projects["default"] == nil { projects["default"] = .permissiveDefault }
        self.projects = projects
    }

    /// A catalog of exactly `projects` (plus the permissive `default` unless one of them is it).
    public init(projects: [AppProject]) {
        var byName = Dictionary(projects.map { ($0.name, $0) }) { first, _ in first }
        if byName["default"] == nil { byName["default"] = .permissiveDefault }
        self.projects = byName
    }

    /// The project `name`, or nil when the fleet does not define it.
    public func project(named name: String) -> AppProject? { projects[name] }

    /// Every project name, sorted.
    public var names: [String] { projects.keys.sorted() }
}
