/// Who presented a valid API token: its name (recorded with the actions it triggers), its
/// role and the AppProjects it is limited to.
public struct ApiIdentity: Sendable, Equatable {
    /// The token's name.
    public let name: String
    /// The token's role.
    public let role: ApiRole
    /// The AppProjects the token is limited to; empty means every project.
    public let projects: Set<String>

    /// An identity.
    public init(name: String, role: ApiRole, projects: Set<String>) {
        self.name = name
        self.role = role
        self.projects = projects
    }

    /// Whether the identity holds at least `role`.
    public func permits(_ role: ApiRole) -> Bool { self.role >= role }

    /// Whether the identity may see a target of `project`. A target whose project is not
    /// known (nil) is visible only to an identity limited to no project.
    public func canSee(project: String?) -> Bool {
        guard !projects.isEmpty else { return true }
        guard let project else { return false }
        return projects.contains(project)
    }
}
