import Foundation

// DRAFT: replaced by the tokens branch's definitions when it is merged.
/// A role of an API token.
public enum ApiRole: String, Sendable, Comparable, CaseIterable, Codable {
    case viewer, `operator`, admin

    public static func < (lhs: ApiRole, rhs: ApiRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who presented a token.
public struct ApiIdentity: Sendable, Equatable {
    public var name: String
    public var role: ApiRole
    public var projects: [String]

    public init(name: String, role: ApiRole, projects: [String]) {
        self.name = name
        self.role = role
        self.projects = projects
    }

    public func permits(_ role: ApiRole) -> Bool { self.role >= role }

    public func canSee(project: String?) -> Bool {
        projects.isEmpty || project.map(projects.contains) == true
    }
}

extension Registry {
    // DRAFT: the tokens branch implements it.
    public func identity(presenting secret: String, now: Date) throws -> ApiIdentity? { nil }
}
