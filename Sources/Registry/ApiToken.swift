import Foundation
import GRDB

/// An API token as the registry keeps it: never the secret, only its SHA-256.
public struct ApiToken: Sendable, Equatable {
    /// The token's name, unique among tokens not revoked.
    public var name: String
    /// What it may do.
    public var role: ApiRole
    /// The AppProjects it is limited to, sorted; empty means every project.
    public var projects: [String]
    /// When it was created.
    public var createdAt: Date
    /// When it stops working; nil: never.
    public var expiresAt: Date?
    /// When it was revoked; nil: it was not.
    public var revokedAt: Date?
    /// When it was last presented (kept to the minute).
    public var lastUsedAt: Date?
    /// The SHA-256 of the secret, in lower-case hex.
    public var secretHash: String

    /// Where the token stands at `now`.
    public func status(at now: Date) -> Status {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= now { return .expired }
        return .active
    }

    /// The identity the token gives.
    public var identity: ApiIdentity { ApiIdentity(name: name, role: role, projects: Set(projects)) }

    /// Where a token stands.
    public enum Status: String, Sendable {
        case active, expired, revoked
    }
}

extension ApiToken: CustomStringConvertible {
    /// The token without its hash, so that logging a token never shows what a lookup matches.
    public var description: String {
        "token \"\(name)\" (\(role.rawValue), \(projects.isEmpty ? "every project" : projects.joined(separator: ",")))"
    }
}

/// A row of the `apiToken` table.
struct ApiTokenRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "apiToken"

    var id: Int64?
    var name: String
    var role: String
    var projects: String  // one name per line
    var createdAt: Date
    var expiresAt: Date?
    var revokedAt: Date?
    var lastUsedAt: Date?
    var secretHash: String

    init(_ token: ApiToken) {
        name = token.name
        role = token.role.rawValue
        projects = token.projects.joined(separator: "\n")
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        revokedAt = token.revokedAt
        lastUsedAt = token.lastUsedAt
        secretHash = token.secretHash
    }

    /// The token; a role this Flotilla does not know reads as `viewer`, the least.
    var token: ApiToken {
        ApiToken(
            name: name, role: ApiRole(rawValue: role) ?? .viewer,
            projects: projects.split(separator: "\n").map(String.init), createdAt: createdAt, expiresAt: expiresAt,
            revokedAt: revokedAt, lastUsedAt: lastUsedAt, secretHash: secretHash)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
